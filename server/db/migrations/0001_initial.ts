import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../types';

/**
 * The first schema. Frozen: change the schema only by adding a new numbered migration.
 * Entity tables have exactly the fields of their domain schema as columns (checked by test/integration/db).
 */

type Kind = 'text' | 'integer' | 'real' | 'boolean' | 'json';
type Column = readonly [name: string, kind: Kind, nullable?: typeof NULLABLE];
const NULLABLE = 'nullable' as const;

const entityTables: Record<string, readonly Column[]> = {
  accounts: [
    ['id', 'text'],
    ['name', 'text'],
    ['domain', 'text'],
    ['plan', 'text'],
    ['arrMinor', 'integer'],
    ['currency', 'text'],
    ['contractStart', 'text'],
    ['renewalDate', 'text'],
    ['seatsLicensed', 'integer'],
    ['seatsActive', 'integer'],
    ['region', 'text'],
    ['timeZone', 'text'],
    ['ownerId', 'text', NULLABLE],
    ['coverage', 'text'],
    ['slaPolicyId', 'text', NULLABLE],
    ['healthScore', 'real'],
    ['healthBand', 'text'],
    ['healthComponents', 'json'],
    ['nps', 'integer', NULLABLE],
    ['csat', 'real', NULLABLE],
    ['onboardingStage', 'text'],
    ['lastQbr', 'text', NULLABLE],
    ['nextQbr', 'text', NULLABLE],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  contacts: [
    ['id', 'text'],
    ['accountId', 'text'],
    ['name', 'text'],
    ['email', 'text'],
    ['title', 'text'],
    ['role', 'text'],
    ['phone', 'text', NULLABLE],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  agents: [
    ['id', 'text'],
    ['email', 'text'],
    ['name', 'text'],
    ['role', 'text'],
    ['teamId', 'text', NULLABLE],
    ['timeZone', 'text'],
    ['shiftStart', 'text'],
    ['shiftEnd', 'text'],
    ['active', 'boolean'],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
    // server-only
    ['passwordHash', 'text', NULLABLE],
  ],
  teams: [
    ['id', 'text'],
    ['name', 'text'],
    ['leadId', 'text', NULLABLE],
    ['tier', 'integer', NULLABLE],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  tickets: [
    ['id', 'text'],
    ['number', 'integer', NULLABLE],
    ['subject', 'text'],
    ['accountId', 'text'],
    ['requesterId', 'text', NULLABLE],
    ['channel', 'text'],
    ['status', 'text'],
    ['severity', 'integer'],
    ['tier', 'integer'],
    ['ownerId', 'text', NULLABLE],
    ['collaboratorIds', 'json'],
    ['teamId', 'text', NULLABLE],
    ['tags', 'json'],
    ['incidentId', 'text', NULLABLE],
    ['plan', 'text'],
    ['createdAt', 'integer'],
    ['updatedAt', 'integer'],
    ['solvedAt', 'integer', NULLABLE],
    ['lastCustomerMessageAt', 'integer', NULLABLE],
    ['lastAgentReplyAt', 'integer', NULLABLE],
    ['version', 'integer'],
  ],
  messages: [
    ['id', 'text'],
    ['ticketId', 'text'],
    ['kind', 'text'],
    ['authorAgentId', 'text', NULLABLE],
    ['authorContactId', 'text', NULLABLE],
    ['body', 'text'],
    ['bodyFormat', 'text'],
    ['attachments', 'json'],
    ['createdAt', 'integer'],
  ],
  escalations: [
    ['id', 'text'],
    ['ticketId', 'text'],
    ['fromTier', 'integer'],
    ['toTier', 'integer'],
    ['status', 'text'],
    ['summary', 'text'],
    ['logs', 'text'],
    ['reproductionSteps', 'text'],
    ['environment', 'json'],
    ['alreadyTried', 'text'],
    ['impact', 'json'],
    ['createdBy', 'text'],
    ['createdAt', 'integer'],
    ['submittedAt', 'integer', NULLABLE],
    ['decidedBy', 'text', NULLABLE],
    ['decidedAt', 'integer', NULLABLE],
    ['returnReason', 'text', NULLABLE],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  incidents: [
    ['id', 'text'],
    ['title', 'text'],
    ['severity', 'integer'],
    ['status', 'text'],
    ['commanderId', 'text', NULLABLE],
    ['affectedAccountIds', 'json'],
    ['updateCadenceMin', 'integer'],
    ['timeline', 'json'],
    ['rootCauseSummary', 'text', NULLABLE],
    ['startedAt', 'integer'],
    ['acknowledgedAt', 'integer', NULLABLE],
    ['mitigatedAt', 'integer', NULLABLE],
    ['resolvedAt', 'integer', NULLABLE],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  knowledge_articles: [
    ['id', 'text'],
    ['title', 'text'],
    ['body', 'text'],
    ['visibility', 'text'],
    ['tags', 'json'],
    ['url', 'text'],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  macros: [
    ['id', 'text'],
    ['name', 'text'],
    ['body', 'text'],
    ['kind', 'text'],
    ['actions', 'json'],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  sla_policies: [
    ['id', 'text'],
    ['name', 'text'],
    ['position', 'integer'],
    ['match', 'json'],
    ['targets', 'json'],
    ['calendarId', 'text'],
    ['calendarBySeverity', 'json', NULLABLE],
    ['pauseStatuses', 'json'],
    ['warnAtFraction', 'real'],
    ['breachActions', 'json'],
    ['remedy', 'json'],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  business_calendars: [
    ['id', 'text'],
    ['name', 'text'],
    ['timeZone', 'text'],
    ['weekly', 'json'],
    ['holidays', 'json', NULLABLE],
    ['version', 'integer'],
    ['updatedAt', 'integer'],
  ],
  sla_events: [
    ['id', 'text'],
    ['ticketId', 'text'],
    ['metric', 'text'],
    ['kind', 'text'],
    ['at', 'integer'],
    ['dueAt', 'integer', NULLABLE],
    ['previousDueAt', 'integer', NULLABLE],
    ['provisional', 'boolean', NULLABLE],
  ],
};

/** Children that cannot exist without their parent row. */
const foreignKeys: ReadonlyArray<[table: string, column: string, parent: string]> = [
  ['contacts', 'accountId', 'accounts'],
  ['tickets', 'accountId', 'accounts'],
  ['messages', 'ticketId', 'tickets'],
  ['escalations', 'ticketId', 'tickets'],
  ['sla_events', 'ticketId', 'tickets'],
];

const indexes: ReadonlyArray<[name: string, table: string, columns: string[], unique?: boolean]> = [
  ['agents_email_uq', 'agents', ['email'], true],
  ['contacts_account_idx', 'contacts', ['accountId']],
  ['tickets_number_uq', 'tickets', ['number'], true],
  ['tickets_status_idx', 'tickets', ['status', 'updatedAt']],
  ['tickets_owner_status_idx', 'tickets', ['ownerId', 'status']],
  ['tickets_tier_status_idx', 'tickets', ['tier', 'status']],
  ['tickets_account_idx', 'tickets', ['accountId']],
  ['messages_ticket_created_idx', 'messages', ['ticketId', 'createdAt']],
  ['escalations_ticket_idx', 'escalations', ['ticketId']],
  ['escalations_status_tier_idx', 'escalations', ['status', 'toTier']],
  ['incidents_status_idx', 'incidents', ['status']],
  ['sla_events_ticket_at_idx', 'sla_events', ['ticketId', 'at']],
  ['sessions_agent_idx', 'sessions', ['agentId']],
  ['sync_clients_agent_idx', 'sync_clients', ['agentId']],
  ['change_log_entity_idx', 'change_log', ['entity', 'entityId', 'seq']],
  ['change_log_client_idx', 'change_log', ['clientId', 'mutationId']],
];

function sqlType(kind: Kind, dialect: Dialect) {
  switch (kind) {
    case 'text':
    case 'json':
      return sql`text`;
    case 'integer':
      // Epoch ms do not fit in 32 bits; pg's int8 parser turns them back into numbers (server/db/createDb.ts).
      return dialect === 'postgres' ? sql`bigint` : sql`integer`;
    case 'real':
      return dialect === 'postgres' ? sql`double precision` : sql`real`;
    case 'boolean':
      return dialect === 'postgres' ? sql`boolean` : sql`integer`;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown column kind ${String(unreachable)}`);
    }
  }
}

export function initialMigration(dialect: Dialect): Migration {
  const bigint = dialect === 'postgres' ? sql`bigint` : sql`integer`;
  const bool = sqlType('boolean', dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not today's types
    async up(db: Kysely<any>) {
      for (const [table, columns] of Object.entries(entityTables)) {
        // Column names are only known at run time here, so the builder is typed loosely.
        let builder = db.schema.createTable(table) as unknown as CreateTableBuilder<string, string>;
        for (const [name, kind, nullable] of columns) {
          builder = builder.addColumn(name, sqlType(kind, dialect), (c) => {
            if (name === 'id') return c.primaryKey();
            return nullable ? c : c.notNull();
          });
        }
        for (const [fkTable, column, parent] of foreignKeys) {
          if (fkTable === table) builder = builder.addForeignKeyConstraint(`${table}_${column}_fk`, [column], parent, ['id']);
        }
        await builder.execute();
      }

      await db.schema
        .createTable('sessions')
        .addColumn('tokenHash', sql`text`, (c) => c.primaryKey())
        .addColumn('agentId', sql`text`, (c) => c.notNull().references('agents.id'))
        .addColumn('createdAt', bigint, (c) => c.notNull())
        .addColumn('expiresAt', bigint, (c) => c.notNull())
        .addColumn('revokedAt', bigint)
        .execute();

      let changeLog = db.schema.createTable('change_log');
      changeLog =
        dialect === 'postgres'
          ? changeLog.addColumn('seq', sql`bigint`, (c) => c.primaryKey().generatedAlwaysAsIdentity())
          : // AUTOINCREMENT: a seq is never reused, even after old rows are compacted away.
            changeLog.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
      await changeLog
        .addColumn('entity', sql`text`, (c) => c.notNull())
        .addColumn('entityId', sql`text`, (c) => c.notNull())
        .addColumn('op', sql`text`, (c) => c.notNull())
        .addColumn('patch', sql`text`)
        .addColumn('row', sql`text`)
        .addColumn('version', bigint, (c) => c.notNull())
        .addColumn('actorId', sql`text`)
        .addColumn('clientId', sql`text`)
        .addColumn('mutationId', bigint)
        .addColumn('clientTime', bigint)
        .addColumn('serverTime', bigint, (c) => c.notNull())
        .addColumn('replayed', bool, (c) => c.notNull().defaultTo(dialect === 'postgres' ? false : 0))
        .addColumn('txid', bigint, (c) =>
          dialect === 'postgres' ? c.defaultTo(sql`(pg_current_xact_id()::text::bigint)`) : c,
        )
        .execute();

      await db.schema
        .createTable('sync_clients')
        .addColumn('clientId', sql`text`, (c) => c.primaryKey())
        .addColumn('agentId', sql`text`, (c) => c.notNull().references('agents.id'))
        .addColumn('lastMutationId', bigint, (c) => c.notNull().defaultTo(0))
        .addColumn('createdAt', bigint, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('mutation_results')
        .addColumn('clientId', sql`text`, (c) => c.notNull())
        .addColumn('mutationId', bigint, (c) => c.notNull())
        .addColumn('status', sql`text`, (c) => c.notNull())
        .addColumn('code', sql`text`)
        .addColumn('reason', sql`text`)
        .addColumn('at', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('mutation_results_pk', ['clientId', 'mutationId'])
        .execute();

      await db.schema
        .createTable('meta')
        .addColumn('key', sql`text`, (c) => c.primaryKey())
        .addColumn('value', sql`text`, (c) => c.notNull())
        .execute();
      await db
        .insertInto('meta')
        .values({ key: 'ticket_number', value: '0' })
        .execute();

      for (const [name, table, columns, unique] of indexes) {
        let index = db.schema.createIndex(name).on(table).columns(columns);
        if (unique) index = index.unique();
        await index.execute();
      }
    },
  };
}
