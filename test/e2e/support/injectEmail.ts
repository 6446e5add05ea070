import { createDb } from '../../../server/db';
import { appendChangeLog } from '../../../server/sync/changeLog';
import { writeRows } from '../../../server/sync/rowStore';
import type { Message } from '../../../shared/domain';

/**
 * Delivers an inbound email into the real database the way a mail channel would: the message row and its
 * change_log entry in one transaction, so clients receive it through ordinary sync. (The email channel itself
 * is not built yet; this is the fixture edge of the system, not a fake of our backend.)
 */
export async function deliverEmail(ticketId: string, contactId: string | null, html: string, createdAt: number): Promise<Message> {
  const url = process.env.ACCORD_E2E_DATABASE_URL;
  if (!url) throw new Error('ACCORD_E2E_DATABASE_URL is not set');
  const handle = createDb(url);
  const message: Message = {
    id: crypto.randomUUID(),
    ticketId,
    kind: 'customer_message',
    authorAgentId: null,
    authorContactId: contactId,
    body: html,
    bodyFormat: 'html',
    attachments: [{ name: 'invoice.pdf.exe', sizeBytes: 48_213, contentType: 'application/octet-stream' }],
    createdAt,
  };
  try {
    await handle.db.transaction().execute(async (trx) => {
      const change = { entity: 'message' as const, id: message.id, op: 'put' as const, row: { ...message }, before: null };
      await writeRows(trx, handle.dialect, [change]);
      await appendChangeLog(trx, handle.dialect, [{ ...change, version: 1 }], {
        actorId: null,
        clientId: null,
        mutationId: null,
        clientTime: null,
        serverTime: createdAt,
        offline: false,
      });
    });
  } finally {
    await handle.close();
  }
  return message;
}
