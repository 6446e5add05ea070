import { randomUUID } from 'node:crypto';
import type { Agent, Role } from '../../shared/domain/agent';
import { hashPassword } from '../../server/auth/passwords';
import { encodeRow } from '../../server/db/codec';
import type { Db, Dialect } from '../../server/db/types';

const hashes = new Map<string, Promise<string>>();
/** argon2id is slow on purpose; hash each test password once per process. */
function cachedHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

export interface InsertAgentOptions {
  role?: Role;
  email?: string;
  name?: string;
  password?: string | null;
  active?: boolean;
  now?: number;
}

/** Inserts an agent (with a password hash) straight into the database and returns the domain row. */
export async function insertAgent(db: Db, dialect: Dialect, options: InsertAgentOptions = {}): Promise<Agent> {
  const role = options.role ?? 'tier1';
  const agent: Agent = {
    id: randomUUID(),
    email: options.email ?? `${role}.${randomUUID().slice(0, 8)}@accord.test`,
    name: options.name ?? `Test ${role}`,
    role,
    teamId: null,
    timeZone: 'Europe/Berlin',
    shiftStart: '09:00',
    shiftEnd: '17:00',
    active: options.active ?? true,
    version: 1,
    updatedAt: options.now ?? 1_750_000_000_000,
  };
  const password = options.password === undefined ? 'correct horse battery staple' : options.password;
  const passwordHash = password === null ? null : await cachedHash(password);
  await db
    .insertInto('agents')
    .values({ ...encodeRow('agent', agent, dialect), passwordHash })
    .execute();
  return agent;
}
