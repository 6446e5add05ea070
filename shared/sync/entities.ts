/**
 * The entities that sync between the server and the client cache, and the storage table of each.
 * The server's SQL tables and the client's Dexie tables use the same names, and their columns are the
 * fields of the domain schema (arrays and objects stored as JSON text in SQL).
 */
export const syncEntities = {
  account: 'accounts',
  contact: 'contacts',
  agent: 'agents',
  team: 'teams',
  ticket: 'tickets',
  message: 'messages',
  escalation: 'escalations',
  incident: 'incidents',
  knowledge_article: 'knowledge_articles',
  macro: 'macros',
  sla_policy: 'sla_policies',
  business_calendar: 'business_calendars',
  sla_event: 'sla_events',
} as const;

export type SyncEntity = keyof typeof syncEntities;
export type SyncTable = (typeof syncEntities)[SyncEntity];
export const syncEntityNames = Object.keys(syncEntities) as SyncEntity[];
