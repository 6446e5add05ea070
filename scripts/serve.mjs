#!/usr/bin/env node
// `npm run serve`: the backend and the web console without Electron. Builds the renderer once if it is
// missing, then starts the server with demo data (`small` unless ACCORD_DEMO says otherwise).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('out/renderer/index.html')) {
  console.log('Building the web console (first run)…');
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env, ACCORD_DEMO: process.env.ACCORD_DEMO ?? 'small' };
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
