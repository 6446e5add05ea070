import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
/** One measured figure next to the target its issue names. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
  detail?: string;
}

export function printFigures(title: string, figures: readonly BenchFigure[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...figures.map((f) => f.name.length), 10);
  for (const f of figures) {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
    const verdict = f.ok ? 'meets' : 'MISSES';
    console.log(`  ${f.name.padEnd(width)}  ${`${value} ${f.unit}`.padStart(16)}  target ${f.target.padEnd(14)} ${verdict}${f.detail ? `  (${f.detail})` : ''}`);
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs a bench script's `main` when the file is the one Node was started with (not when run.ts imports it), and
 * exits with its outcome: a browser or server left behind by a failure must not keep the process alive.
 */
export function runBenchMain(moduleUrl: string, main: () => Promise<void>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * CPU time every process on the machine has used so far, all cores summed (ms). Read before and after a step of a
 * bench that runs alone, the difference is what that step cost the machine: the server, the browser's processes
 * and the kernel's work for them included, which wall time cannot tell apart. On Linux from /proc/stat, with the
 * soft interrupts where loopback TCP does much of its work (os.cpus() leaves them out).
 */
export function machineBusyMs(): number {
  if (existsSync('/proc/stat')) {
    // "cpu user nice system idle iowait irq softirq steal …" in clock ticks of 10 ms. Idle, iowait and steal (a
    // virtual machine's turn given to other guests) are time no process here ran.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq) * 10;
  }
  return cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}
