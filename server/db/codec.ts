import type { z } from 'zod';
import { syncEntities, type SyncEntity } from '../../shared/sync/entities';
import { entitySchemas, type EntityDomainRow } from './entitySchemas';
import type { DbRow, Dialect } from './types';

/**
 * Domain row ⇄ database row, for every synced entity, driven by the zod schemas: arrays and objects travel as
 * JSON text, booleans as 0/1 on SQLite (native on PostgreSQL), everything else as is. Optional fields that are
 * absent are stored as NULL and dropped again when read, so a round trip returns the same object.
 */

export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** NULL may be stored: the field is nullable or optional. */
  nullable: boolean;
  /** NULL in the database means "absent" (optional field), not `null`. */
  optional: boolean;
}

interface ZodInternals {
  _zod: { def: { type: string; innerType?: unknown; in?: unknown; options?: unknown[]; values?: unknown[] } };
  format?: string | null;
  isInt?: boolean;
}

function classify(schema: unknown): { kind: ColumnKind; nullable: boolean; optional: boolean } {
  let current = schema as ZodInternals;
  let nullable = false;
  let optional = false;
  for (;;) {
    const def = current._zod.def;
    switch (def.type) {
      case 'nullable':
        nullable = true;
        current = def.innerType as ZodInternals;
        continue;
      case 'optional':
        optional = true;
        current = def.innerType as ZodInternals;
        continue;
      // Defaults fill in on parse; the stored value is always present.
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        current = def.innerType as ZodInternals;
        continue;
      case 'pipe':
        current = def.in as ZodInternals;
        continue;
      default:
        return { kind: baseKind(current), nullable: nullable || optional, optional };
    }
  }
}

function baseKind(schema: ZodInternals): ColumnKind {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'date':
      return 'text';
    case 'number':
      return schema.isInt || schema.format === 'safeint' || schema.format === 'int32' ? 'integer' : 'real';
    case 'int':
    case 'bigint':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array':
    case 'tuple':
    case 'object':
    case 'record':
    case 'map':
    case 'set':
    case 'unknown':
    case 'any':
      return 'json';
    case 'literal':
      return literalKind(def.values ?? []);
    case 'union': {
      const kinds = new Set((def.options ?? []).map((option) => classify(option).kind));
      if (kinds.size === 1) return [...kinds][0]!;
      return 'json';
    }
    default:
      throw new Error(`codec: no column kind for zod type "${def.type}"`);
  }
}

function literalKind(values: readonly unknown[]): ColumnKind {
  if (values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'integer';
  if (values.every((v) => typeof v === 'number')) return 'real';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'text';
}

function columnsOf(schema: z.ZodObject): ColumnSpec[] {
  return Object.entries(schema.shape).map(([name, field]) => ({ name, ...classify(field) }));
}

/** Columns of every entity table, computed once. */
export const entityColumns: Readonly<Record<SyncEntity, readonly ColumnSpec[]>> = Object.fromEntries(
  Object.entries(entitySchemas).map(([entity, schema]) => [entity, columnsOf(schema)]),
) as unknown as Record<SyncEntity, readonly ColumnSpec[]>;

export function tableOf(entity: SyncEntity): (typeof syncEntities)[SyncEntity] {
  return syncEntities[entity];
}

export type DbRecord = Record<string, unknown>;

/** The stored form of an entity's domain row (server-only columns such as agents.passwordHash excluded). */
export type EntityDbRow<E extends SyncEntity> = DbRow<EntityDomainRow<E>>;

/**
 * Domain row → values to insert/update. Keys that are not fields of the entity are dropped (never written
 * into SQL); pass a partial row to get just those columns for an update.
 */
export function encodeRow<E extends SyncEntity>(entity: E, row: EntityDomainRow<E>, dialect: Dialect): EntityDbRow<E>;
export function encodeRow<E extends SyncEntity>(
  entity: E,
  row: Partial<EntityDomainRow<E>> | Record<string, unknown>,
  dialect: Dialect,
): Partial<EntityDbRow<E>>;
export function encodeRow<E extends SyncEntity>(
  entity: E,
  row: Partial<EntityDomainRow<E>> | Record<string, unknown>,
  dialect: Dialect,
): Partial<EntityDbRow<E>> {
  const source = row as Record<string, unknown>;
  const out: DbRecord = {};
  for (const column of entityColumns[entity]) {
    if (!(column.name in source)) continue;
    out[column.name] = encodeValue(column, source[column.name], dialect);
  }
  return out as Partial<EntityDbRow<E>>;
}

function encodeValue(column: ColumnSpec, value: unknown, dialect: Dialect): unknown {
  if (value === undefined || value === null) return null;
  switch (column.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'boolean':
      return dialect === 'sqlite' ? (value ? 1 : 0) : Boolean(value);
    case 'text':
    case 'integer':
    case 'real':
      return value;
    default: {
      const unreachable: never = column.kind;
      throw new Error(`codec: unknown kind ${String(unreachable)}`);
    }
  }
}

/** Database row → domain row. Columns that are not fields of the entity (e.g. agents.passwordHash) are dropped. */
export function decodeRow<E extends SyncEntity>(entity: E, dbRow: DbRecord): EntityDomainRow<E> {
  const out: Record<string, unknown> = {};
  for (const column of entityColumns[entity]) {
    const value = dbRow[column.name];
    if (value === undefined || value === null) {
      if (!column.optional) out[column.name] = null;
      continue;
    }
    out[column.name] = decodeValue(column, value);
  }
  return out as EntityDomainRow<E>;
}

function decodeValue(column: ColumnSpec, value: unknown): unknown {
  switch (column.kind) {
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'integer':
    case 'real':
      // pg returns NUMERIC as strings; our columns are BIGINT/DOUBLE, which the pool already parses.
      return typeof value === 'string' ? Number(value) : value;
    case 'text':
      return value;
    default: {
      const unreachable: never = column.kind;
      throw new Error(`codec: unknown kind ${String(unreachable)}`);
    }
  }
}

/** Decode and validate against the domain schema (use at trust boundaries; `decodeRow` is the fast path). */
export function parseRow<E extends SyncEntity>(entity: E, dbRow: DbRecord): EntityDomainRow<E> {
  return entitySchemas[entity].parse(decodeRow(entity, dbRow)) as EntityDomainRow<E>;
}
