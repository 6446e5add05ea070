import { resolve } from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { parseDatabaseUrl, redactDatabaseUrl } from './db/createDb';

/**
 * The backend CLI (`npm run server`, `npm run serve`, and Electron's utilityProcess):
 * read configuration, migrate, load demo data if asked, listen, and shut down cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const target = parseDatabaseUrl(config.databaseUrl);
  const where = target.dialect === 'sqlite' ? `sqlite: ${resolve(target.path)}` : `postgres: ${redactDatabaseUrl(target.url)}`;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // One plain line on stdout: scripts and the desktop shell wait for it.
  console.log(`Accord backend listening on http://${host}:${port} (${where})`);
}

main().catch((error: unknown) => {
  console.error('Accord backend failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
