import type { LatencySummary } from './latency.ts';

type Result = Record<string, unknown>;
interface Figures {
  perSecond?: number;
  eventsPerSecond?: number;
  latency?: LatencySummary;
  status?: string;
  detail?: string;
}

const APPS = ['command-api', 'query-api', 'outbox-relay', 'projector', 'gateway'];

export interface TargetOutcome {
  name: string;
  target: string;
  value: number | string;
  met: boolean | 'n/a';
}

/**
 * The targets against this run's figures (a figure that is missing is "n/a", never met): issue 15's
 * floors, and issue 7's read targets, which issue 15 leaves as they were.
 */
export function targetsOf(result: Result): TargetOutcome[] {
  const s = (result.scenarios ?? {}) as Record<string, Figures | undefined>;
  const ratios = (result.ratios ?? {}) as Record<string, number | undefined>;
  const peaks = (result.resources as { peakRssMb?: Record<string, number> } | undefined)?.peakRssMb ?? {};
  const kafka = s.commitToKafka as { p50ms?: number; p99ms?: number } | undefined;
  const idle = s.idle as { appsAndKafkaPercentOfCore?: number } | undefined;
  const perCommand = result.cpuMsPerCommand as { total?: number } | undefined;
  const row = (
    name: string,
    target: string,
    value: number | undefined,
    met: (v: number) => boolean,
  ): TargetOutcome =>
    value === undefined || Number.isNaN(value)
      ? { name, target, value: 'n/a', met: 'n/a' }
      : { name, target, value, met: met(value) };
  return [
    row('commands/s (32 clients)', '≥ 1500', s.commands?.perSecond, (v) => v >= 1500),
    row('commands p99 ms', '≤ 100', s.commands?.latency?.p99ms, (v) => v <= 100),
    row('commands/s ÷ pgbench tps', '≥ 1.0', ratios.commandsPerSecondVsPgbenchTps, (v) => v >= 1),
    row('hot SKU purchases/s (64 clients)', '≥ 1000', s.hot?.perSecond, (v) => v >= 1000),
    row('freshness p50 ms (1000 cmd/s)', '≤ 10', s.freshness?.latency?.p50ms, (v) => v <= 10),
    row('freshness p99 ms (1000 cmd/s)', '≤ 50', s.freshness?.latency?.p99ms, (v) => v <= 50),
    row('commit → Kafka p50 ms', '≤ 5', kafka?.p50ms, (v) => v <= 5),
    row('commit → Kafka p99 ms', '≤ 20', kafka?.p99ms, (v) => v <= 20),
    row('relay drain events/s', '≥ 30000', s.relayDrain?.eventsPerSecond, (v) => v >= 30000),
    row(
      'relay drain ÷ ProducerPerformance',
      '≥ 0.3',
      ratios.relayEventsPerSecondVsProducerPerf,
      (v) => v >= 0.3,
    ),
    row('rebuild events/s', '≥ 20000', s.rebuild?.eventsPerSecond, (v) => v >= 20000),
    row('CPU ms per command, all processes', '≤ 1.2', perCommand?.total, (v) => v <= 1.2),
    row('idle CPU % of one core, 5 apps + Kafka', '≤ 3', idle?.appsAndKafkaPercentOfCore, (v) => v <= 3),
    ...APPS.map((app) => row(`${app} peak RSS MB`, '≤ 200', peaks[app], (v) => v <= 200)),
    row('reads/s (64 clients)', '≥ 15000', s.reads?.perSecond, (v) => v >= 15000),
    row('reads p99 ms', '≤ 5', s.reads?.latency?.p99ms, (v) => v <= 5),
    row('1000-SKU batch p99 ms', '≤ 20', s.batchReads?.latency?.p99ms, (v) => v <= 20),
  ];
}

const cell = (value: unknown) =>
  value === undefined || value === null || Number.isNaN(value) ? '-' : String(value);

function table(head: string[], rows: unknown[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The run as Markdown tables on stdout (the same tables bench/README.md shows). */
export function printTable(result: Result): void {
  const s = (result.scenarios ?? {}) as Record<string, Figures & Record<string, unknown>>;
  const seed = s.seed as Record<string, number> | undefined;
  const out: string[] = [
    `bench (${result.profile}) ${result.startedAt} — ${JSON.stringify(result.machine)} at ${JSON.stringify(result.git)}`,
    '',
  ];
  if (seed && seed.items)
    out.push(
      table(
        ['load', 'items', 'acknowledged in', 'items/s', 'events', 'on the read side after'],
        [
          [
            `${seed.stores} stores × ${seed.products} products`,
            seed.items,
            `${seed.itemsSeconds} s (+${round1(seed.storesSeconds + seed.productsSeconds)} s stores & products)`,
            seed.itemsPerSecond,
            seed.events,
            `${seed.projectedSeconds} s`,
          ],
        ],
      ),
      '',
    );
  const latencyRow = (name: string, figures: Figures | undefined, rate: string, note = '') => {
    if (!figures) return [name, 'not run', '', '', '', '', ''];
    if (figures.status) return [name, figures.status, '', '', '', '', figures.detail ?? ''];
    // Throughput-only scenarios (drain, rebuild) have no latencies: blank cells, not "-".
    const l = figures.latency ?? { p50ms: '', p95ms: '', p99ms: '', maxMs: '' };
    return [name, rate, l.p50ms, l.p95ms, l.p99ms, l.maxMs, note];
  };
  const statuses = (f?: Figures & Record<string, unknown>) => (f?.statuses ? JSON.stringify(f.statuses) : '');
  const fresh = s.freshness as (Figures & { notSeen?: number; latency?: LatencySummary }) | undefined;
  const kafka = s.commitToKafka as { p50ms: number; p99ms: number; maxMs: number; rows: number } | undefined;
  out.push(
    table(
      ['scenario', 'throughput', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'notes'],
      [
        latencyRow(
          '1 commands (32 clients)',
          s.commands,
          `${cell(s.commands?.perSecond)} cmd/s`,
          statuses(s.commands),
        ),
        latencyRow('2 hot SKU (64 clients)', s.hot, `${cell(s.hot?.perSecond)} cmd/s`, statuses(s.hot)),
        latencyRow(
          '3 freshness (2xx → visible)',
          fresh,
          `${cell(fresh?.perSecond)} cmd/s`,
          fresh?.latency ? `${fresh.latency.count} samples, ${fresh.notSeen ?? 0} not seen` : '',
        ),
        ...[50, 90].map((share) => {
          const partial = s[`freshness${share}`] as
            (Figures & { notSeen?: number; offeredPerSecond?: number }) | undefined;
          return latencyRow(
            `3 freshness at ${share}% of 1's rate`,
            partial,
            `${cell(partial?.perSecond)} cmd/s`,
            partial?.latency
              ? `${cell(partial.offeredPerSecond)}/s offered, ${partial.latency.count} samples, ${partial.notSeen ?? 0} not seen`
              : '',
          );
        }),
        kafka
          ? [
              '3 commit → Kafka (outbox row → published)',
              `${kafka.rows} rows`,
              kafka.p50ms,
              '',
              kafka.p99ms,
              kafka.maxMs,
              'same run as 3',
            ]
          : ['3 commit → Kafka', 'not run', '', '', '', '', ''],
        latencyRow('4 reads (64 clients)', s.reads, `${cell(s.reads?.perSecond)} reads/s`, statuses(s.reads)),
        latencyRow(
          '4 batch reads (1000 SKUs)',
          s.batchReads,
          `${cell(s.batchReads?.perSecond)} batches/s`,
          statuses(s.batchReads),
        ),
        latencyRow(
          '5 relay drain',
          s.relayDrain,
          `${cell(s.relayDrain?.eventsPerSecond)} events/s`,
          s.relayDrain
            ? `${cell(s.relayDrain.backlog)} events, ${cell(s.relayDrain.publishSeconds)} s publishing, ${cell(s.relayDrain.wallSeconds)} s from relay start`
            : '',
        ),
        latencyRow(
          '6 rebuild',
          s.rebuild,
          `${cell(s.rebuild?.eventsPerSecond)} events/s`,
          s.rebuild
            ? `${cell(s.rebuild.events)} events in ${cell(s.rebuild.seconds)} s (replay alone ${cell(s.rebuild.replayEventsPerSecond)}/s, live paused ${cell(s.rebuild.livePausedMs)} ms)`
            : '',
        ),
      ],
    ),
    '',
  );
  const baselines = (result.baselines ?? {}) as Record<string, Record<string, number> | undefined>;
  const ratios = (result.ratios ?? {}) as Record<string, number | undefined>;
  out.push(
    table(
      ['7 baseline', 'figure', 'ratio'],
      [
        [
          'pgbench, the adjustment transaction, same clients',
          `${cell(baselines.pgbench?.tps)} tps (avg ${cell(baselines.pgbench?.latencyAvgMs)} ms)`,
          `commands/s ÷ tps = ${cell(ratios.commandsPerSecondVsPgbenchTps)}`,
        ],
        [
          'Kafka ProducerPerformance, acks=all, same size',
          `${cell(baselines.producerPerf?.recordsPerSecond)} msgs/s (${cell(baselines.producerPerf?.recordSize)} B)`,
          `relay events/s ÷ msgs/s = ${cell(ratios.relayEventsPerSecondVsProducerPerf)}`,
        ],
      ],
    ),
    '',
  );
  const idle = s.idle as
    | { seconds?: number; percentOfCore?: Record<string, number>; appsAndKafkaPercentOfCore?: number }
    | undefined;
  const perCommand = result.cpuMsPerCommand as
    { commands: number; perProcess: Record<string, number>; total: number } | undefined;
  if (idle?.percentOfCore || perCommand) {
    const processes = [
      ...new Set([...Object.keys(idle?.percentOfCore ?? {}), ...Object.keys(perCommand?.perProcess ?? {})]),
    ].filter((name) => name !== 'load generator');
    out.push(
      table(
        [
          'process',
          `idle CPU % of one core (${cell(idle?.seconds)} s)`,
          `CPU ms per command (${cell(perCommand?.commands)} commands)`,
        ],
        [
          ...processes.map((name) => [name, idle?.percentOfCore?.[name], perCommand?.perProcess[name]]),
          ['5 apps + Kafka (idle) / all (per command)', idle?.appsAndKafkaPercentOfCore, perCommand?.total],
        ],
      ),
      '',
    );
  }
  const resources = (result.resources ?? {}) as {
    peakRssMb?: Record<string, number>;
    cpuSecondsPerScenario?: Record<string, Record<string, number>>;
    peakRssMbPerScenario?: Record<string, Record<string, number>>;
  };
  const perScenario = resources.cpuSecondsPerScenario ?? {};
  const names = Object.keys(resources.peakRssMb ?? {});
  const phases = Object.keys(perScenario);
  out.push(
    table(
      ['8 process', 'peak RSS MB', ...phases.map((p) => `CPU s ${p}`)],
      names.map((name) => [name, resources.peakRssMb![name], ...phases.map((p) => perScenario[p]![name])]),
    ),
    '',
  );
  const rssPerScenario = resources.peakRssMbPerScenario ?? {};
  const rssPhases = Object.keys(rssPerScenario);
  if (rssPhases.length > 0)
    out.push(
      table(
        ['8 process', ...rssPhases.map((p) => `RSS MB ${p}`)],
        names.map((name) => [name, ...rssPhases.map((p) => rssPerScenario[p]![name])]),
      ),
      '',
    );
  const targets = (result.targets ?? []) as TargetOutcome[];
  out.push(
    table(
      ['target', 'wanted', 'measured', 'met'],
      targets.map((t) => [t.name, t.target, t.value, t.met === 'n/a' ? 'n/a' : t.met ? 'yes' : 'NO']),
    ),
    '',
  );
  const checks = (result.checks ?? []) as Array<{ name: string; ok: boolean; detail: string }>;
  out.push(
    table(
      ['check', 'ok', 'detail'],
      checks.map((c) => [c.name, c.ok ? 'yes' : 'NO', c.detail]),
    ),
  );
  console.log(out.join('\n'));
}

const round1 = (value: number) => Math.round(value * 10) / 10;
