import { z } from 'zod';
import { epochMsSchema, idSchema } from './primitives';

export const messageKinds = ['customer_message', 'public_reply', 'internal_note', 'system_event'] as const;
export const messageKindSchema = z.enum(messageKinds);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const attachmentSchema = z
  .object({
    name: z.string().min(1).max(255),
    sizeBytes: z.number().int().nonnegative(),
    contentType: z.string().max(255),
  })
  .strict();

export const messageSchema = z
  .object({
    id: idSchema,
    ticketId: idSchema,
    kind: messageKindSchema,
    /** Agent who wrote a reply or note; null for customer messages and system events. */
    authorAgentId: idSchema.nullable(),
    /** Contact who wrote a customer message. */
    authorContactId: idSchema.nullable(),
    /**
     * Body as received or written. Customer bodies arriving by email are untrusted HTML and are only ever
     * rendered after sanitising, in a sandboxed frame.
     */
    body: z.string().max(200_000),
    bodyFormat: z.enum(['text', 'html']),
    attachments: z.array(attachmentSchema),
    createdAt: epochMsSchema,
  })
  .strict();
export type Message = z.infer<typeof messageSchema>;
