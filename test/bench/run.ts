/**
 * `npm run bench`: every issue's speed figures in one run, printed next to their targets. Nothing here fails a
 * test run; a missed target is printed as "MISSES". Pass `--node` to skip the browser benchmarks.
 */
import { benchSlaClocks } from './sla-clocks.bench';
import { syncBenches } from './sync.bench';
import { printFigures, runBenchMain, type BenchFigure } from './figures';
import { startBenchServer } from './benchServer';
import { benchBootstrap } from './browser.bench';
import { benchLeadBoardBrowser } from './leadBoard.bench';
import { benchSlaScannerPass, slaScannerFigures } from './slaScanner.bench';
import { benchWorkspace, prepareWorkspaceBench } from './workspace.bench';

const nodeOnly = process.argv.includes('--node');

async function slaFigures(): Promise<BenchFigure[]> {
  const r = await benchSlaClocks();
  return [
    { name: `SLA clocks for ${r.tickets} tickets, first pass (Node)`, value: r.coldMs ?? 0, unit: 'ms', target: '< 1000 ms', ok: (r.coldMs ?? 0) < 1000 },
    { name: 'SLA clocks, second pass', value: r.warmMs ?? 0, unit: 'ms', target: '< 1000 ms', ok: (r.warmMs ?? 0) < 1000 },
    { name: 'SLA clocks with every event and cycle (scanner work)', value: r.withEventsMs ?? 0, unit: 'ms', target: 'info', ok: true },
  ];
}

async function main(): Promise<void> {
  console.log(`Accord benchmarks — ${new Date().toISOString()} — node ${process.version}`);
  printFigures('Issue 4 · SLA engine', await slaFigures());
  printFigures('Issue 3 · sync (Node client, real server on SQLite)', [
    await syncBenches.pullThroughput(),
    await syncBenches.offlineReplay(),
    await syncBenches.pokeToVisible(),
    ...(await syncBenches.bootstrapDownload()),
  ]);
  if (nodeOnly) return;

  const server = await startBenchServer('large');
  console.log(`\nbench server ready in ${(server.startMs / 1000).toFixed(1)} s${server.freshLoad ? ' (loaded the large demo set)' : ' (cached database)'}`);
  // Issue 5 needs a ticket with 200 messages: created through sync push before any browser bootstraps.
  const workspaceSetup = await prepareWorkspaceBench(server);
  try {
    const bootstrap = await benchBootstrap(server);
    printFigures('Issue 3 · bootstrap and warm start in headless Chromium (large set)', bootstrap.figures);

    // Issue 5: the agent workspace, on the page the bootstrap above filled (signed in as tier1, cache warm).
    try {
      printFigures(
        `Issue 5 · workspace on the cached large set in headless Chromium (200-message ticket ${workspaceSetup.createdLongThread ? 'created now' : 'from an earlier run'} through sync push)`,
        await benchWorkspace(bootstrap.page, server, workspaceSetup),
      );
    } finally {
      await bootstrap.close();
    }

    // Issue 4: the lead board's live countdowns (a fresh browser profile; it bootstraps the lead's cache first).
    printFigures('Issue 4 · lead board with 2,000+ live countdowns in headless Chromium (large set)', await benchLeadBoardBrowser(server));
  } finally {
    await server.stop();
  }

  // Issue 4: the breach scanner's full pass over the large set, on a private copy of its database.
  printFigures('Issue 4 · SLA scanner full pass (large set, server on SQLite)', slaScannerFigures(await benchSlaScannerPass()));
}

runBenchMain(import.meta.url, main);
