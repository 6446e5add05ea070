import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { transformWithEsbuild, type Plugin } from 'vite';

/**
 * Emits the web console's service worker as /sw.js (renderer/src/serviceWorker): compiled on its own and given
 * the list of files this build emitted, plus a hash of their content as the shell version, so that each build
 * ships a byte-different worker that the browser installs.
 */
function shellServiceWorker(): Plugin {
  const source = resolve(__dirname, 'renderer/src/serviceWorker/shellServiceWorker.ts');
  return {
    name: 'accord:shell-service-worker',
    apply: 'build',
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const files = Object.keys(bundle)
          .filter((file) => !file.endsWith('.map'))
          .sort();
        const hash = createHash('sha256');
        for (const file of files) {
          const output = bundle[file]!;
          hash.update(file).update(output.type === 'chunk' ? output.code : output.source);
        }
        const manifest = { version: hash.digest('hex').slice(0, 16), files };
        const { code } = await transformWithEsbuild(await readFile(source, 'utf8'), source, {
          format: 'iife',
          target: 'es2022',
          define: { __SHELL_MANIFEST__: JSON.stringify(manifest) },
        });
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
      },
    },
  };
}

// One build for the three Electron layers. The embedded backend (server/main.ts) is a second
// main-process entry so that the packaged app can start it as a utilityProcess.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          server: resolve(__dirname, 'server/main.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      // A sandboxed window can only load a CommonJS preload.
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), shellServiceWorker()],
    build: {
      // Minified: the same bundle is the web console, and every start (warm start included) parses all of it.
      minify: process.env.ACCORD_NOMINIFY ? false : true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
