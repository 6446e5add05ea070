import { describe, expect, it } from 'vitest';
import { syncEntityNames } from '../../shared/sync/entities';
import { sampleRows } from '../../test/support/sampleRows';
import { decodeRow, encodeRow, entityColumns, parseRow } from './codec';
import { entitySchemas } from './entitySchemas';

describe('entityColumns', () => {
  it('has one column per domain field for every entity', () => {
    for (const entity of syncEntityNames) {
      expect(entityColumns[entity].map((c) => c.name).sort()).toEqual(Object.keys(entitySchemas[entity].shape).sort());
    }
  });

  it('derives the storage kind from the schema', () => {
    const kind = (entity: keyof typeof entityColumns, name: string) => entityColumns[entity].find((c) => c.name === name);
    expect(kind('ticket', 'tags')).toMatchObject({ kind: 'json', nullable: false });
    expect(kind('ticket', 'severity')).toMatchObject({ kind: 'integer' });
    expect(kind('ticket', 'number')).toMatchObject({ kind: 'integer', nullable: true, optional: false });
    expect(kind('ticket', 'status')).toMatchObject({ kind: 'text' });
    expect(kind('account', 'healthScore')).toMatchObject({ kind: 'real' });
    expect(kind('agent', 'active')).toMatchObject({ kind: 'boolean' });
    expect(kind('sla_event', 'dueAt')).toMatchObject({ kind: 'integer', nullable: true, optional: true });
    expect(kind('sla_policy', 'match')).toMatchObject({ kind: 'json', nullable: false });
    expect(kind('business_calendar', 'holidays')).toMatchObject({ kind: 'json', nullable: true, optional: true });
  });
});

describe('encodeRow / decodeRow', () => {
  const rows = sampleRows();

  it('round-trips a sample row of every entity on both dialects', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      for (const entity of syncEntityNames) {
        const row = rows[entity];
        const encoded = encodeRow(entity, row as never, dialect);
        for (const value of Object.values(encoded)) {
          expect(['string', 'number', 'boolean', 'object']).toContain(typeof value);
          if (typeof value === 'object') expect(value).toBeNull();
        }
        expect(decodeRow(entity, encoded as Record<string, unknown>)).toEqual(row);
        expect(parseRow(entity, encoded as Record<string, unknown>)).toEqual(row);
      }
    }
  });

  it('stores booleans as 0/1 on SQLite and natively on PostgreSQL', () => {
    expect(encodeRow('agent', rows.agent, 'sqlite').active).toBe(1);
    expect(encodeRow('agent', rows.agent, 'postgres').active).toBe(true);
    expect(decodeRow('agent', { ...encodeRow('agent', rows.agent, 'sqlite'), active: 0 }).active).toBe(false);
  });

  it('stores JSON as text and an absent optional field as NULL, and drops it again when read', () => {
    const { dueAt: _dueAt, provisional: _p, ...event } = rows.sla_event;
    const encoded = encodeRow('sla_event', { ...event, dueAt: undefined } as never, 'sqlite');
    expect(encoded.dueAt).toBeNull();
    const decoded = decodeRow('sla_event', { ...encoded, previousDueAt: null, provisional: null });
    expect('dueAt' in decoded).toBe(false);
    expect('provisional' in decoded).toBe(false);
    expect(encodeRow('ticket', rows.ticket, 'postgres').tags).toBe('["export","api:v2"]');
    // Nullable (not optional) fields stay present as null.
    expect(decodeRow('ticket', { ...encodeRow('ticket', rows.ticket, 'sqlite'), solvedAt: null }).solvedAt).toBeNull();
  });

  it('encodes only the given fields of a partial row and never writes unknown keys', () => {
    expect(encodeRow('ticket', { status: 'open', tags: [], evil: 'DROP TABLE' }, 'sqlite')).toEqual({ status: 'open', tags: '[]' });
  });

  it('drops server-only columns when decoding', () => {
    const decoded = decodeRow('agent', { ...encodeRow('agent', rows.agent, 'sqlite'), passwordHash: '$argon2id$…' });
    expect(decoded).not.toHaveProperty('passwordHash');
  });
});
