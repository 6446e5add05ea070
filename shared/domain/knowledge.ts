import { z } from 'zod';
import { epochMsSchema, idSchema, tagSchema } from './primitives';

export const knowledgeArticleSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1).max(300),
    body: z.string().max(100_000),
    visibility: z.enum(['public', 'internal']),
    tags: z.array(tagSchema),
    url: z.string().max(2000),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type KnowledgeArticle = z.infer<typeof knowledgeArticleSchema>;

/** A reusable reply with placeholders such as {{contact.name}}, {{account.name}}, {{agent.name}}, {{ticket.number}}. */
export const macroSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(200),
    body: z.string().max(20_000),
    kind: z.enum(['public_reply', 'internal_note']),
    actions: z
      .object({
        setStatus: z.string().nullable(),
        addTags: z.array(tagSchema),
      })
      .strict(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type Macro = z.infer<typeof macroSchema>;
