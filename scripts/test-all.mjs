#!/usr/bin/env node
// `npm test`: every check in one run — typecheck, lint, unit, integration (SQLite and PostgreSQL), end-to-end
// in Chromium — then one closing line "N passed, N failed". Each stage runs even when an earlier one failed,
// so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'accord-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(label, command, args, env = {}) {
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function record(label, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  summary.push(`${label.padEnd(14)} ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

/** A check without test cases (typecheck, lint) counts as one test. */
function check(label, command, args) {
  const ok = run(label, command, args);
  record(label, ok ? 1 : 0, ok ? 0 : 1);
}

function vitestProject(project) {
  const out = join(reports, `${project}.json`);
  const ok = run(project, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!existsSync(out)) return record(project, 0, 1);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  // A suite that fails to load has no test results but counts as a failure.
  const failedSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  const failed = r.numFailedTests + failedSuites + (ok || r.numFailedTests + failedSuites > 0 ? 0 : 1);
  record(project, r.numPassedTests, failed, r.numPendingTests + r.numTodoTests);
}

function playwright() {
  const out = join(reports, 'e2e.json');
  const ok = run('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (!existsSync(out)) return record('e2e', 0, 1);
  const { stats } = JSON.parse(readFileSync(out, 'utf8'));
  const failed = stats.unexpected + (ok || stats.unexpected > 0 ? 0 : 1);
  record('e2e', stats.expected + stats.flaky, failed, stats.skipped);
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
vitestProject('unit');
vitestProject('integration');
playwright();

console.log('\n── summary');
for (const line of summary) console.log(line);
if (totals.skipped) console.log(`${totals.skipped} skipped`);
// The closing line CI reads: exactly "N passed, N failed".
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
