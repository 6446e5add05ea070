/**
 * A real backend in its own process, for the sync tests that kill or multiply servers. Started with
 * `node --import tsx test/integration/syncServerProcess.ts`; prints `LISTENING <port>` when ready.
 * ACCORD_TEST_CRASH_ON_PUSH_REPLY=1 makes the process SIGKILL itself after a push committed and before the reply
 * leaves (the crash between commit and reply).
 */
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';

// No ready snapshot: these servers are killed mid-test (its files would be left in /tmp).
const config = loadConfig({ ACCORD_READY_SNAPSHOT: 'off', ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.ACCORD_TEST_LOG_LEVEL ?? 'silent', ACCORD_STATIC_DIR: '/nonexistent-accord-static' });
const app = await buildApp(config);
if (process.env.ACCORD_TEST_CRASH_ON_PUSH_REPLY === '1') {
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method === 'POST' && request.url.startsWith('/api/sync/push')) process.kill(process.pid, 'SIGKILL');
    return payload;
  });
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
