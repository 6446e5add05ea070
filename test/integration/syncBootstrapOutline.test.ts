import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { trimChangeLog } from '../../server/sync';
import { snapshotBodyPathPrefix, syncErrorCodes } from '../../shared/sync/protocol';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { seedSyncData, type SyncSeed } from './syncSupport';

const targets = await withTestDatabases();

interface PlacedHeader {
  /** The header line as sent, without its newline. */
  text: string;
  entity: string;
  at: number;
  bytes: number;
}

/**
 * The bootstrap outline (`format=outline`, ready snapshots on): its lines plus the byte ranges of its body that
 * they name are the `format=segments` stream, byte for byte; the body route answers ranges as HTTP says.
 */
for (const target of targets) {
  describe.skipIf(!target.available)(`bootstrap outline (${target.label})`, () => {
    let server: TestServer;
    let seed: SyncSeed;
    let token: string;

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { env: { ACCORD_READY_SNAPSHOT: 'on-demand' } });
      // 900 tickets: three ticket segments, so ranges span several segments and the headers between them.
      seed = await seedSyncData(server.ctx.db, server.ctx.dialect, 900);
      token = (await createSession(server.ctx.db, seed.agents.tier1.id, Date.now())).token;
    });
    afterAll(async () => {
      await server?.close();
    });

    function get(path: string, headers: Record<string, string> = {}, on: { baseUrl: string; token: string } = { baseUrl: server.baseUrl, token }): Promise<Response> {
      return fetch(`${on.baseUrl}${path}`, { headers: { authorization: `Bearer ${on.token}`, ...headers } });
    }

    async function outlineText(): Promise<string> {
      const response = await get('/api/sync/bootstrap?format=outline');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      return response.text();
    }

    async function segmentsText(): Promise<string> {
      const response = await get('/api/sync/bootstrap?format=segments');
      expect(response.status).toBe(200);
      return response.text();
    }

    function bodyPathOf(outline: string): string {
      const begin = JSON.parse(outline.slice(0, outline.indexOf('\n'))) as { type: string; body: string };
      expect(begin.type).toBe('begin');
      expect(begin.body).toMatch(new RegExp(`^${snapshotBodyPathPrefix}[0-9a-f-]{36}$`));
      return begin.body;
    }

    async function range(bodyPath: string, first: number, last: number): Promise<Buffer> {
      const response = await get(bodyPath, { range: `bytes=${first}-${last}` });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-range')).toMatch(new RegExp(`^bytes ${first}-${last}/(\\d+|\\*)$`));
      expect(response.headers.get('content-length')).toBe(String(last - first + 1));
      expect(response.headers.get('cache-control')).toBe('no-store');
      return Buffer.from(await response.arrayBuffer());
    }

    /**
     * The segments stream an outline stands for: the begin line without its `body`, each header without its
     * `at`/`bytes` and followed by its array, fetched in ranges of consecutive segments of one entity (as the
     * client does: a range spans the header lines between its arrays).
     */
    async function reassemble(outline: string): Promise<string> {
      const bodyPath = bodyPathOf(outline);
      const parts: Array<string | Promise<string>> = [];
      let group: PlacedHeader[] = [];
      const fetchGroup = () => {
        if (group.length === 0) return;
        const headers = group;
        group = [];
        const first = headers[0]!.at;
        const last = headers[headers.length - 1]!;
        parts.push(
          range(bodyPath, first, last.at + last.bytes - 1).then((bytes) =>
            headers.map((header) => `${header.text}\n${bytes.subarray(header.at - first, header.at - first + header.bytes).toString('utf8')}\n`).join(''),
          ),
        );
      };
      for (const line of outline.split('\n').slice(0, -1)) {
        const placed = /^(\{"type":"segment",.*),"at":(\d+),"bytes":(\d+)\}$/.exec(line);
        if (placed) {
          const header = { text: `${placed[1]}}`, entity: (JSON.parse(line) as { entity: string }).entity, at: Number(placed[2]), bytes: Number(placed[3]) };
          if (group.length > 0 && group[0]!.entity !== header.entity) fetchGroup();
          group.push(header);
          continue;
        }
        expect(line).not.toContain('"type":"segment"');
        fetchGroup();
        parts.push(`${line.replace(/,"body":"[^"]*"\}$/, '}')}\n`);
      }
      fetchGroup();
      return (await Promise.all(parts)).join('');
    }

    it('reassembles, with byte ranges of its body, into format=segments byte for byte: rendered and then kept', async () => {
      const rendered = await outlineText();
      const segments = await segmentsText();
      expect(rendered.split('\n').filter((line) => line.startsWith('{"type":"segment","entity":"ticket"'))).toHaveLength(3);
      expect(await reassemble(rendered)).toBe(segments);

      // The next agent's outline is the one kept with the snapshot.
      const kept = await outlineText();
      expect(kept).toBe(rendered);
      // Each segment alone, too.
      const bodyPath = bodyPathOf(kept);
      for (const line of kept.split('\n').filter((l) => l.includes('"type":"segment"'))) {
        const { at, bytes } = JSON.parse(line) as { at: number; bytes: number };
        const array = (await range(bodyPath, at, at + bytes - 1)).toString('utf8');
        expect(array.startsWith('[') && array.endsWith(']')).toBe(true);
        expect(segments).toContain(`\n${array}\n`);
      }
    });

    it('answers the whole body without a Range, 416 for a range it cannot serve, 410 for a body it does not keep, 401 without a session', async () => {
      const outline = await outlineText();
      const bodyPath = bodyPathOf(outline);
      const whole = await get(bodyPath);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-type')).toBe('application/octet-stream');
      const segments = await segmentsText();
      const size = Buffer.byteLength(segments);
      expect(await whole.text()).toBe(segments);
      expect(whole.headers.get('content-length')).toBe(String(size));

      const lastByte = await get(bodyPath, { range: `bytes=${size - 1}-${size - 1}` });
      expect(lastByte.status).toBe(206);
      expect(lastByte.headers.get('content-range')).toBe(`bytes ${size - 1}-${size - 1}/${size}`);
      expect(await lastByte.text()).toBe('\n');

      for (const bad of ['bytes=5-2', 'bytes=0-1,4-5', 'bytes=0-', 'bytes=-10', 'lines=0-1', `bytes=0-${size}`, `bytes=${size}-${size + 10}`]) {
        const response = await get(bodyPath, { range: bad });
        expect(response.status, bad).toBe(416);
        expect(response.headers.get('content-range'), bad).toBe(`bytes */${size}`);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('bad_request');
        expect(body.error.message).toContain('Cannot serve Range');
      }

      const unknown = await get(`${snapshotBodyPathPrefix}${randomUUID()}`, { range: 'bytes=0-10' });
      expect(unknown.status).toBe(410);
      const gone = (await unknown.json()) as { error: { code: string; message: string } };
      expect(gone.error.code).toBe(syncErrorCodes.snapshotGone);
      expect(gone.error.message).toContain('bootstrap again');
      expect((await get(`${snapshotBodyPathPrefix}${randomUUID()}`)).status).toBe(410);

      const anonymous = await fetch(`${server.baseUrl}${bodyPath}`, { headers: { range: 'bytes=0-10' } });
      expect(anonymous.status).toBe(401);
      expect((await fetch(`${server.baseUrl}/api/sync/bootstrap?format=outline`)).status).toBe(401);
    });

    async function newerSnapshot(note: string): Promise<string> {
      const response = await fetch(`${server.baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: randomUUID(),
          mutations: [{ id: 1, name: 'ticket.reply', args: { ticketId: seed.tickets[0]!.id, messageId: randomUUID(), body: note }, clientTime: Date.now() }],
        }),
      });
      expect(response.status).toBe(200);
      // Once the log no longer holds the snapshot's seq, the next bootstrap renders (and keeps) a new one.
      const head = Number((await server.ctx.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
      await trimChangeLog(server.ctx.db, head);
      return outlineText();
    }

    it('keeps serving the body before the newest one (its clients may still fetch), and no older one', async () => {
      const first = bodyPathOf(await outlineText());
      const second = await newerSnapshot('After the first snapshot.');
      expect(bodyPathOf(second)).not.toBe(first);
      expect((await get(first, { range: 'bytes=0-0' })).status).toBe(206);
      expect(await reassemble(second)).toBe(await segmentsText());

      await newerSnapshot('After the second snapshot.');
      expect((await get(first, { range: 'bytes=0-0' })).status).toBe(410);
      expect((await get(bodyPathOf(second), { range: 'bytes=0-0' })).status).toBe(206);
    });

    it('answers 400 for an outline when ready snapshots are off (the client asks for segments), and for an unknown format', async () => {
      const bogus = await get('/api/sync/bootstrap?format=pages');
      expect(bogus.status).toBe(400);
      expect(((await bogus.json()) as { error: { message: string } }).error.message).toContain('"outline"');

      const off = await startTestServer(target.dialect, { env: { ACCORD_READY_SNAPSHOT: 'off' } });
      try {
        const offSeed = await seedSyncData(off.ctx.db, off.ctx.dialect, 3);
        const on = { baseUrl: off.baseUrl, token: (await createSession(off.ctx.db, offSeed.agents.tier1.id, Date.now())).token };
        const response = await get('/api/sync/bootstrap?format=outline', {}, on);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('bad_request');
        expect(body.error.message).toContain('ACCORD_READY_SNAPSHOT');
        // (Read to its end: the server closes only once its responses have.)
        const segments = await get('/api/sync/bootstrap?format=segments', {}, on);
        expect(segments.status).toBe(200);
        expect(await segments.text()).toContain('"type":"end"');
        expect((await get(`${snapshotBodyPathPrefix}${randomUUID()}`, { range: 'bytes=0-0' }, on)).status).toBe(410);
      } finally {
        await off.close();
      }
    });
  });
}
