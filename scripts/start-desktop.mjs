// `npm start`: build if needed, then launch the desktop app. Without Electron's binary (installed
// with ELECTRON_SKIP_BINARY_DOWNLOAD=1, e.g. on CI) it says so in one line and points to the web console.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The `electron` package exports the binary's path, and throws when the download was skipped. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (electron === null) {
  console.error(
    "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?) — run `npm run serve` for the web console at http://localhost:7340",
  );
  process.exit(1);
}

const builtEntries = ['out/main/index.js', 'out/main/server.js', 'out/renderer/index.html'];
const preloadBuilt = ['out/preload/index.js', 'out/preload/index.cjs', 'out/preload/index.mjs'].some((p) => existsSync(join(root, p)));
if (!preloadBuilt || builtEntries.some((p) => !existsSync(join(root, p)))) {
  const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env, ACCORD_NODE_PATH: process.execPath };
// Would turn the app into a plain Node process.
delete env.ELECTRON_RUN_AS_NODE;
const app = spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('error', (error) => {
  console.error(`Could not launch Electron: ${error.message}`);
  process.exit(1);
});
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
