import type { AppName } from '../libs/testing/src/kit/system-control.ts';
import { longestGapMs, type LoadRecord } from './load.ts';
import type { ExactlyOnce, VerifyOutcome } from './checks.ts';
import { SERVED_GAP_MS, type Scenario } from './scenarios.ts';

export interface ScenarioResult {
  name: string;
  describe: string;
  ok: boolean;
  failures: string[];
  /** Load, from its start to its stop (the fault and its healing inside). */
  seconds: number;
  /** 2xx commands per second over those seconds. */
  commandsPerSecond: number;
  acknowledged: number;
  lost: number;
  doubled: number;
  mismatched: number;
  /** Longest stretch from the injection to the end of the load with no served write / read. */
  writeGapMs: number;
  readGapMs: number;
  /** From the end of the healing to the first served write / read after it (null: none came). */
  writeRecoveryMs: number | null;
  readRecoveryMs: number | null;
  /** Apps found not running after the scenario: crashed, since only the injected kill is healed. */
  crashed: AppName[];
  /** Answers a user must never get: 5xx other than a proper 503, and requests without an answer in 10 s. */
  serverErrors: number;
  hangs: number;
  /** Proper 503s (problem+json with Retry-After): the system saying "not now". */
  unavailable: { writes: number; reads: number };
  /** Every attempt's status by kind (0: no answer: connection refused or reset, or timed out). */
  statuses: { write: Record<string, number>; read: Record<string, number> };
  retries: number;
  abandoned: number;
  reads: number;
  injectMs: number;
  healMs: number;
  drainMs?: number;
  verify?: VerifyOutcome;
  examples: { defects: string[]; lost: string[]; doubled: string[]; mismatched: string[] };
}

export interface Timings {
  loadStarted: number;
  injected: number;
  healed: number;
  injectMs: number;
  healMs: number;
  loadStopped: number;
}

/** Everything but the post-drain checks: what the clients saw. */
export function summariseLoad(scenario: Scenario, record: LoadRecord, t: Timings): ScenarioResult {
  const seconds = (t.loadStopped - t.loadStarted) / 1000;
  const defects = record.attempts.filter((a) => a.defect);
  const hangs = defects.filter((a) => a.status === 0).length;
  const unavailable = (kind: 'write' | 'read') =>
    record.attempts.filter((a) => a.kind === kind && a.status === 503 && !a.defect).length;
  return {
    name: scenario.name,
    describe: scenario.describe,
    ok: true,
    failures: [],
    seconds: round(seconds),
    commandsPerSecond: Math.round(record.acknowledged.length / seconds),
    acknowledged: record.acknowledged.length,
    lost: 0,
    doubled: 0,
    mismatched: 0,
    writeGapMs: longestGapMs(record.attempts, 'write', t.injected, t.loadStopped),
    readGapMs: longestGapMs(record.attempts, 'read', t.injected, t.loadStopped),
    writeRecoveryMs: recoveryMs(record, 'write', t.healed),
    readRecoveryMs: recoveryMs(record, 'read', t.healed),
    crashed: [],
    serverErrors: defects.length - hangs,
    hangs,
    unavailable: { writes: unavailable('write'), reads: unavailable('read') },
    statuses: { write: statusesOf(record, 'write'), read: statusesOf(record, 'read') },
    retries: record.retries,
    abandoned: record.abandoned,
    reads: record.attempts.filter((a) => a.kind === 'read').length,
    injectMs: Math.round(t.injectMs),
    healMs: Math.round(t.healMs),
    examples: {
      defects: [...new Set(defects.map((a) => `${a.kind}: ${a.defect}`))].slice(0, 5),
      lost: [],
      doubled: [],
      mismatched: [],
    },
  };
}

function recoveryMs(record: LoadRecord, kind: 'write' | 'read', healed: number): number | null {
  let first = Infinity;
  for (const a of record.attempts)
    if (a.kind === kind && a.served && a.ended >= healed && a.ended < first) first = a.ended;
  return Number.isFinite(first) ? Math.round(first - healed) : null;
}

function statusesOf(record: LoadRecord, kind: 'write' | 'read'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of record.attempts) if (a.kind === kind) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

export function applyExactlyOnce(result: ScenarioResult, found: ExactlyOnce): void {
  result.lost = found.lost.length;
  result.doubled = found.doubled.length;
  result.mismatched = found.mismatched.length;
  result.examples.lost = found.lost.slice(0, 5);
  result.examples.doubled = found.doubled.slice(0, 5);
  result.examples.mismatched = found.mismatched.slice(0, 5);
}

/** What makes a scenario fail: anything a user would hold against the system. */
export function judge(scenario: Scenario, result: ScenarioResult): void {
  const fail = (why: string) => result.failures.push(why);
  if (result.acknowledged === 0) fail('no command acknowledged: the load never ran');
  if (result.lost > 0) fail(`${result.lost} acknowledged commands lost`);
  if (result.doubled > 0) fail(`${result.doubled} commands applied more than once`);
  if (result.mismatched > 0) fail(`${result.mismatched} answers name an event that is not theirs`);
  if (result.serverErrors > 0) fail(`${result.serverErrors} server errors (${result.examples.defects[0]})`);
  if (result.hangs > 0) fail(`${result.hangs} requests hung`);
  if (result.verify && !result.verify.ok) fail(`verify: ${result.verify.detail}`);
  if (scenario.expect.writes503 && result.unavailable.writes === 0)
    fail('no write was answered 503 + Retry-After while the dependency was down');
  if (result.crashed.length > 0) fail(`crashed: ${result.crashed.join(', ')}`);
  for (const [kind, ms] of [
    ['writes', result.writeRecoveryMs],
    ['reads', result.readRecoveryMs],
  ] as const) {
    if (ms === null || ms >= SERVED_GAP_MS)
      fail(`${kind} not served again within ${SERVED_GAP_MS} ms of the healing (${ms ?? 'never'})`);
  }
  if (scenario.expect.writesServed && result.writeGapMs >= SERVED_GAP_MS)
    fail(`writes unavailable for ${result.writeGapMs} ms (at most ${SERVED_GAP_MS} ms expected)`);
  if (scenario.expect.readsServed && result.readGapMs >= SERVED_GAP_MS)
    fail(`reads unavailable for ${result.readGapMs} ms (at most ${SERVED_GAP_MS} ms expected)`);
  result.ok = result.failures.length === 0;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function printTable(results: ScenarioResult[], write: (line: string) => void): void {
  const header = [
    'scenario',
    'cmd/s',
    '2xx',
    'lost',
    'doubled',
    'write gap s',
    'read gap s',
    'back w/r s',
    '5xx',
    'hangs',
    '503 w/r',
    'drain s',
    'verify',
    'result',
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.commandsPerSecond),
    String(r.acknowledged),
    String(r.lost),
    String(r.doubled),
    seconds(r.writeGapMs),
    seconds(r.readGapMs),
    `${r.writeRecoveryMs === null ? '-' : seconds(r.writeRecoveryMs)}/${r.readRecoveryMs === null ? '-' : seconds(r.readRecoveryMs)}`,
    String(r.serverErrors),
    String(r.hangs),
    `${r.unavailable.writes}/${r.unavailable.reads}`,
    r.drainMs === undefined ? '-' : seconds(r.drainMs),
    r.verify ? (r.verify.ok ? 'clean' : 'FAILED') : '-',
    r.ok ? 'ok' : 'FAILED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  write(line(header));
  write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) write(line(row));
  for (const r of results.filter((r) => !r.ok)) write(`${r.name}: ${r.failures.join('; ')}`);
}
