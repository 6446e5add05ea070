import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/types';

/**
 * Opaque session tokens: 32 random bytes, base64url. Only their SHA-256 is stored, so a copy of the database
 * does not let anyone sign in. Sessions expire a fixed 12 hours after sign-in (one long shift) — not sliding,
 * so a stolen token has a bounded life and the expiry needs no write per request.
 */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createSession(db: Db, agentId: string, now: number): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = now + sessionLifetimeMs;
  // Housekeeping on sign-in (rare, cheap): sessions dead for a week tell "expired" from "unknown" no longer.
  await db.deleteFrom('sessions').where('expiresAt', '<', now - 7 * 24 * 60 * 60 * 1000).execute();
  await db
    .insertInto('sessions')
    .values({ tokenHash: hashToken(token), agentId, createdAt: now, expiresAt, revokedAt: null })
    .execute();
  return { token, expiresAt };
}

export type SessionLookup =
  | { ok: true; agentId: string; expiresAt: number }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

/** Tokens we issue are 43 base64url characters; anything else cannot be one, so no query is needed. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export async function findSession(db: Db, token: string, now: number): Promise<SessionLookup> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'unknown' };
  const row = await db
    .selectFrom('sessions')
    .select(['agentId', 'expiresAt', 'revokedAt'])
    .where('tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt !== null) return { ok: false, reason: 'revoked' };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, agentId: row.agentId, expiresAt: row.expiresAt };
}

export async function revokeSession(db: Db, token: string, now: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('tokenHash', '=', hashToken(token))
    .where('revokedAt', 'is', null)
    .execute();
}
