import type { z } from 'zod';
import {
  accountSchema,
  agentSchema,
  businessCalendarSchema,
  contactSchema,
  escalationPacketSchema,
  incidentSchema,
  knowledgeArticleSchema,
  macroSchema,
  messageSchema,
  slaEventSchema,
  slaPolicySchema,
  teamSchema,
  ticketSchema,
} from '../../shared/domain';
import type { SyncEntity } from '../../shared/sync/entities';

/** The domain schema of every synced entity: the single source the codec and the table check are driven by. */
export const entitySchemas = {
  account: accountSchema,
  contact: contactSchema,
  agent: agentSchema,
  team: teamSchema,
  ticket: ticketSchema,
  message: messageSchema,
  escalation: escalationPacketSchema,
  incident: incidentSchema,
  knowledge_article: knowledgeArticleSchema,
  macro: macroSchema,
  sla_policy: slaPolicySchema,
  business_calendar: businessCalendarSchema,
  sla_event: slaEventSchema,
} as const satisfies Record<SyncEntity, z.ZodObject>;

export type EntitySchemas = typeof entitySchemas;
export type EntityDomainRow<E extends SyncEntity> = z.output<EntitySchemas[E]>;
