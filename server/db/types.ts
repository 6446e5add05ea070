import type { Generated, Kysely } from 'kysely';
import type {
  Account,
  Agent,
  BusinessCalendar,
  Contact,
  EscalationPacket,
  Incident,
  KnowledgeArticle,
  Macro,
  Message,
  SlaEvent,
  SlaPolicy,
  Team,
  Ticket,
} from '../../shared/domain';

export type Dialect = 'sqlite' | 'postgres';

/** Booleans are 0/1 on SQLite and native on PostgreSQL; the codec writes the right one. */
export type DbBoolean = number | boolean;

/** How a domain field is stored: objects and arrays as JSON text, booleans per dialect, optional fields as NULL. */
type DbValue<V> = V extends null | undefined
  ? null
  : V extends boolean
    ? DbBoolean
    : V extends string | number
      ? V
      : string;

/** The stored row of a domain type: same column names as the fields (see server/db/codec.ts). */
export type DbRow<T> = { [K in keyof T]-?: DbValue<T[K]> };

export interface AgentsTable extends DbRow<Agent> {
  /** argon2id PHC string; NULL means the agent cannot sign in with a password. */
  passwordHash: string | null;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the opaque token; the token itself is never stored. */
  tokenHash: string;
  agentId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface ChangeLogTable {
  /** Commit order of the server; the sync cursor. */
  seq: Generated<number>;
  entity: string;
  entityId: string;
  op: 'put' | 'delete';
  /** JSON: { field: { before, after } } for the fields that changed (the audit trail). */
  patch: string | null;
  /** JSON: the whole row after the change; NULL for deletes. */
  row: string | null;
  version: number;
  /** Agent who made the change; NULL for system changes (SLA scanner, demo loader, email in). */
  actorId: string | null;
  clientId: string | null;
  mutationId: number | null;
  clientTime: number | null;
  serverTime: number;
  /** The mutation was made offline and replayed later. */
  replayed: DbBoolean;
  /** PostgreSQL: the writing transaction's id (pg_current_xact_id) for commit-order visibility; NULL on SQLite. */
  txid: Generated<number | null>;
}

export interface SyncClientsTable {
  clientId: string;
  agentId: string;
  lastMutationId: number;
  createdAt: number;
}

export interface MutationResultsTable {
  clientId: string;
  mutationId: number;
  status: 'applied' | 'rejected';
  code: string | null;
  reason: string | null;
  at: number;
}

export interface MetaTable {
  key: string;
  /** JSON text or plain text; see server/README.md for the keys in use. */
  value: string;
}

export interface Database {
  accounts: DbRow<Account>;
  contacts: DbRow<Contact>;
  agents: AgentsTable;
  teams: DbRow<Team>;
  tickets: DbRow<Ticket>;
  messages: DbRow<Message>;
  escalations: DbRow<EscalationPacket>;
  incidents: DbRow<Incident>;
  knowledge_articles: DbRow<KnowledgeArticle>;
  macros: DbRow<Macro>;
  sla_policies: DbRow<SlaPolicy>;
  business_calendars: DbRow<BusinessCalendar>;
  sla_events: DbRow<SlaEvent>;
  sessions: SessionsTable;
  change_log: ChangeLogTable;
  sync_clients: SyncClientsTable;
  mutation_results: MutationResultsTable;
  meta: MetaTable;
}

export type Db = Kysely<Database>;
