import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id (the library's default algorithm) at its default cost
 * (19 MiB, 2 passes, 1 lane — OWASP's recommendation). A hash is a self-describing PHC string, so one hash can be
 * computed once and stored for several agents (the demo loader does this for its six agents).
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a malformed hash: a broken row must never sign anyone in. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
