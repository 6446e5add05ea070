/**
 * The bootstrap figures of issue 3 alone (the browser part of `npm run bench` without the rest):
 * `node --import tsx test/bench/bootstrapBench.ts [--static <built renderer dir>]`.
 */
import { resolve } from 'node:path';
import { startBenchServer } from './benchServer';
import { benchBootstrap } from './browser.bench';
import { printFigures, runBenchMain } from './figures';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--static');
  const staticDir = at >= 0 ? resolve(process.argv[at + 1] ?? 'out/renderer') : undefined;
  const server = await startBenchServer('large', { staticDir });
  console.log(`bench server ready in ${(server.startMs / 1000).toFixed(1)} s`);
  try {
    const result = await benchBootstrap(server, (line) => console.log(line));
    printFigures('Issue 3 · bootstrap and warm start in headless Chromium (large set)', result.figures);
    await result.close();
  } finally {
    await server.stop();
  }
}

runBenchMain(import.meta.url, main);
