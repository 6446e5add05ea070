import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import type { SyncEntity } from '../../shared/sync/entities';
import { entityColumns, type ColumnSpec } from '../db/codec';
import type { SyncDb } from './changeLog';

/**
 * SQLite renders a bootstrap row's JSON itself: `JSON.stringify(decodeRow(entity, row))`, byte for byte, as one SQL
 * expression built from the entity's columns (so a column added to the schema is rendered too). Reading rows into
 * JS objects, decoding them and stringifying them again was most of the bootstrap's time on the large set; a page
 * rendered by SQLite comes back as one Buffer that is written as is.
 *
 * Identical text, kind by kind: SQLite's json_quote escapes strings exactly as JSON.stringify does (checked over
 * every BMP character and astral ones in test/integration/syncBootstrapEquivalence.test.ts); integers print the
 * same while they are safe integers; JSON columns hold JSON.stringify's text (encodeRow is their only writer),
 * spliced as is; booleans are 0/1. Reals do not print the same (SQLite writes 100.0 for 100), so entities with a
 * real column are left to the JS path. Each row also yields `ok`: 0 when one of its values is outside what this
 * renders identically (a non-integer in an integer column, JSON text with a line break, …); such a page is
 * rendered by the JS path instead.
 */

const maxSafeInteger = 9_007_199_254_740_991;

export function isSqlite(db: SyncDb): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** Null when SQLite cannot render this entity's rows identically (it has a real column). */
export function sqliteRowJson(entity: SyncEntity, alias: string): { json: RawBuilder<string>; ok: RawBuilder<number> } | null {
  const columns = entityColumns[entity];
  if (columns.some((column) => column.kind === 'real')) return null;
  const members = columns.map((column) => member(column, alias));
  const checks = columns.map((column) => check(column, alias));
  // Every member starts with a comma (optional ones may be absent); substr drops the first.
  return {
    json: sql<string>`'{' || substr(${sql.join(members, sql` || `)}, 2) || '}'`,
    ok: sql<number>`(${sql.join(checks, sql` and `)})`,
  };
}

function member(column: ColumnSpec, alias: string): RawBuilder<unknown> {
  const ref = sql.ref(`${alias}.${column.name}`);
  const prefix = sql.lit(`,${JSON.stringify(column.name)}:`);
  const value = render(column, ref);
  if (column.optional) return sql`(case when ${ref} is null then '' else ${prefix} || ${value} end)`;
  return sql`${prefix} || (case when ${ref} is null then 'null' else ${value} end)`;
}

function render(column: ColumnSpec, ref: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (column.kind) {
    case 'text':
      return sql`json_quote(${ref})`;
    case 'json':
      return ref;
    case 'integer':
      return sql`cast(${ref} as text)`;
    case 'boolean':
      return sql`(case when ${ref} = 1 then 'true' else 'false' end)`;
    case 'real':
      throw new Error('sqliteRowJson: reals are rendered by the JS path');
    default: {
      const unreachable: never = column.kind;
      throw new Error(`sqliteRowJson: unknown kind ${String(unreachable)}`);
    }
  }
}

function check(column: ColumnSpec, alias: string): RawBuilder<unknown> {
  const ref = sql.ref(`${alias}.${column.name}`);
  switch (column.kind) {
    case 'text':
      return sql`(${ref} is null or typeof(${ref}) = 'text')`;
    case 'json':
      return sql`(${ref} is null or (typeof(${ref}) = 'text' and instr(${ref}, char(10)) = 0 and instr(${ref}, char(13)) = 0))`;
    case 'integer':
      return sql`(${ref} is null or (typeof(${ref}) = 'integer' and ${ref} between ${sql.lit(-maxSafeInteger)} and ${sql.lit(maxSafeInteger)}))`;
    case 'boolean':
      return sql`(${ref} is null or ${ref} in (0, 1))`;
    case 'real':
      throw new Error('sqliteRowJson: reals are rendered by the JS path');
    default: {
      const unreachable: never = column.kind;
      throw new Error(`sqliteRowJson: unknown kind ${String(unreachable)}`);
    }
  }
}
