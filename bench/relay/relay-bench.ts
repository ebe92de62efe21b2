import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';
import {
  RelayTestbed,
  type RelayProcess,
  type RelayStack,
} from '../../libs/testing/src/kit/relay-testbed.ts';
import { percentile } from '../percentile.ts';
import { CommandWriter, type WakeMode } from './command-writer.ts';

/**
 * Outbox relay benchmark against the running stack (`npm run stack -- up`; `npm run build` first: it
 * runs the relay from dist/). Each run gets its own database and topic and drops them at the end.
 *
 *   latency  commit → on Kafka (broker LogAppendTime) and → consumer, at --rate commands/s, per wake mode
 *   notify   commit throughput of command-shaped transactions with each wake mode, at --clients
 *   drain    how fast the relay empties a --backlog row backlog, per --batch-sizes
 *
 * npm run bench:relay -- [--scenarios latency,notify,drain] [--rate 1000] [--seconds 20]
 *                        [--clients 1,4,16] [--backlog 100000] [--batch-sizes 500,2000]
 */
const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'latency,notify,drain' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    /** Unmeasured seconds at the same rate before the latency runs (JIT, caches, fresh topic). */
    warmup: { type: 'string', default: '5' },
    clients: { type: 'string', default: '1,4,16' },
    'notify-seconds': { type: 'string', default: '5' },
    /** Rounds of the notify scenario; modes run in a rotated order each round and the median is shown. */
    rounds: { type: 'string', default: '3' },
    backlog: { type: 'string', default: '100000' },
    'batch-sizes': { type: 'string', default: '500,2000' },
    modes: { type: 'string', default: 'after-commit,throttled,none,in-tx' },
    /** on: the relay runs (wakes, publishes) during the notify scenario, as in production; off: command path alone. */
    'notify-relay': { type: 'string', default: 'on,off' },
    /** Extra relay settings for the whole run, e.g. OUTBOX_BATCH_SIZE=1000. */
    'relay-env': { type: 'string', default: '' },
  },
});
const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean);
const scenarios = new Set(list(values.scenarios));
const modes = list(values.modes) as WakeMode[];
const KEYS = 1000;
const relayEnv = Object.fromEntries(
  list(values['relay-env']).map((pair) => pair.split('=') as [string, string]),
);

// The bench is a tool, like the stack manager: it reads the same variables the apps do.
const env = process.env;
const stack: RelayStack = {
  databaseUrl: env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:55432/inventory',
  kafkaBrokers: env.KAFKA_BROKERS ?? '127.0.0.1:59092',
  processEnv: env,
  repoRoot: path.resolve(import.meta.dirname, '../..'),
};

/** The one relay the bench runs at a time. */
let relay: RelayProcess | undefined;

/** (Re)starts the relay (dist build) against the bench's database and waits until it leads. */
async function startRelay(bed: RelayTestbed, relaySettings: Record<string, string>): Promise<void> {
  await stopRelay(bed);
  relay = await bed.startRelay({ LOG_LEVEL: 'error', ...relaySettings });
  await relay.untilLeader();
}

async function stopRelay(bed: RelayTestbed): Promise<void> {
  await bed.stopRelays('SIGTERM');
  relay = undefined;
}

const relayWork = () => relay?.work() ?? Promise.resolve({ cpuMs: 0, passes: 0 });

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '-');

async function latency(bed: RelayTestbed, skus: string[], mode: WakeMode, seconds: number): Promise<string> {
  const rate = Number(values.rate);
  const total = rate * seconds;
  const writer = new CommandWriter(bed.pool, bed.topic, mode);
  const committed = new Map<string, number>();
  const arrived = new Map<string, { appendedAt: number; receivedAt: number }>();
  const consumer = bed.kafka.consumer({ groupId: `relay-bench-${randomUUID()}`, maxWaitTimeInMs: 5 });
  await consumer.connect();
  await consumer.subscribe({ topic: bed.topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const eventId = message.headers?.ce_id?.toString();
      if (eventId) arrived.set(eventId, { appendedAt: Number(message.timestamp), receivedAt: Date.now() });
    },
  });
  await joined;
  await sleep(500);

  const workBefore = await relayWork();
  const startedAt = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < total; i = next++) {
        const due = startedAt + (i * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
        const { eventId, committedAt } = await writer.command(skus[i % skus.length]!);
        committed.set(eventId, committedAt);
      }
    }),
  );
  const achieved = total / ((Date.now() - startedAt) / 1000);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    if ([...committed.keys()].every((id) => arrived.has(id))) break;
  }
  const workAfter = await relayWork();
  await consumer.disconnect();
  const toKafka: number[] = [];
  const toConsumer: number[] = [];
  for (const [id, at] of committed) {
    const seen = arrived.get(id);
    if (!seen) continue;
    toKafka.push(seen.appendedAt - at);
    toConsumer.push(seen.receivedAt - at);
  }
  toKafka.sort((a, b) => a - b);
  toConsumer.sort((a, b) => a - b);
  const lost = committed.size - toKafka.length;
  return (
    `| ${mode} | ${achieved.toFixed(0)} | ${ms(percentile(toKafka, 50))} | ${ms(percentile(toKafka, 99))} | ` +
    `${ms(toKafka.at(-1)!)} | ${ms(percentile(toConsumer, 50))} | ${ms(percentile(toConsumer, 99))} | ${lost} | ` +
    `${(workAfter.cpuMs - workBefore.cpuMs) / (total / 1000)} ms | ${(workAfter.passes - workBefore.passes) / (total / rate)} |`
  );
}

async function commitThroughput(
  bed: RelayTestbed,
  skus: string[],
  mode: WakeMode,
  clients: number,
): Promise<number> {
  const writer = new CommandWriter(bed.pool, bed.topic, mode);
  const deadline = Date.now() + Number(values['notify-seconds']) * 1000;
  let commits = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < deadline; i += clients) {
        await writer.command(skus[(i * 7919) % skus.length]!);
        commits++;
      }
    }),
  );
  return commits / Number(values['notify-seconds']);
}

/** A backlog of command-shaped rows (~700-byte envelopes, CloudEvents headers) on `keys` keys. */
async function fillBacklog(bed: RelayTestbed, rows: number): Promise<void> {
  for (let done = 0; done < rows; done += 20_000) {
    await bed.pool.query(
      `INSERT INTO command.outbox (event_id, topic, key, value, headers)
       SELECT id, $1, 'BENCH:SKU-' || (n % $3),
              json_build_object('eventId', id, 'eventType', 'StockAdjusted', 'eventVersion', 1,
                'occurredAt', now(), 'aggregate', json_build_object('type', 'stock-item', 'id', 'BENCH:SKU-' || (n % $3), 'version', n),
                'payload', json_build_object('storeId', 'BENCH', 'sku', 'SKU-' || (n % $3), 'delta', 1, 'reason', 'restock',
                  'onHand', n, 'reserved', 0, 'available', n, 'version', n),
                'metadata', json_build_object('traceId', md5(id::text), 'correlationId', md5(id::text),
                  'idempotencyKey', gen_random_uuid(), 'actor', 'bench'))::text,
              json_build_object('ce_specversion', '1.0', 'ce_id', id, 'ce_type', 'StockAdjusted',
                'ce_source', '/inventory/command-api', 'ce_time', now(), 'ce_subject', 'BENCH:SKU-' || (n % $3),
                'traceparent', '00-' || md5(id::text) || '-' || left(md5(n::text), 16) || '-01')::jsonb
         FROM (SELECT gen_random_uuid() AS id, n FROM generate_series($2::int, $2::int + least(20000, $4::int - $2::int) - 1) AS n) AS g`,
      [bed.topic, done, KEYS, rows],
    );
  }
  await bed.pool.query('ANALYZE command.outbox');
}

async function drain(bed: RelayTestbed, rows: number, batchSize: number): Promise<string> {
  await stopRelay(bed);
  const { rows: marker } = await bed.pool.query<{ id: string }>(
    `SELECT coalesce(max(id), 0)::text AS id FROM command.outbox`,
  );
  await fillBacklog(bed, rows);
  const startedAt = Date.now();
  await startRelay(bed, { ...relayEnv, OUTBOX_BATCH_SIZE: String(batchSize) });
  while ((await bed.unpublished()) > 0) await sleep(100);
  const wallSeconds = (Date.now() - startedAt) / 1000;
  const { rows: span } = await bed.pool.query<{ seconds: number; rows: number }>(
    `SELECT extract(epoch FROM max(published_at) - min(published_at))::float8 AS seconds, count(*)::int AS rows
       FROM command.outbox WHERE id > $1`,
    [marker[0]!.id],
  );
  const { seconds } = span[0]!;
  return `| ${rows} | ${batchSize} | ${(rows / seconds).toFixed(0)} | ${seconds.toFixed(2)} s | ${wallSeconds.toFixed(2)} s |`;
}

async function main(): Promise<void> {
  const bed = await RelayTestbed.create(stack, { name: 'relay-bench', poolSize: 40 });
  await bed.pool.query(`INSERT INTO command.stores (store_id, name, version) VALUES ('BENCH', 'bench', 1)`);
  const report: string[] = [
    `relay bench — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString()}`,
    `relay settings: ${JSON.stringify(relayEnv)} (defaults otherwise)`,
  ];
  try {
    const skus = await CommandWriter.seed(bed.pool, KEYS);
    await startRelay(bed, relayEnv);
    if (scenarios.has('latency')) {
      report.push(
        '',
        `commit → on Kafka at ${values.rate} commands/s for ${values.seconds} s (${KEYS} keys, 6 partitions; relay poll fallback 500 ms)`,
        '| wake-up | achieved/s | → Kafka p50 | → Kafka p99 | → Kafka max | → consumer p50 | → consumer p99 | not seen | relay CPU per 1k events | relay passes/s |',
        '|---|---|---|---|---|---|---|---|---|---|',
      );
      if (Number(values.warmup) > 0) await latency(bed, skus, 'after-commit', Number(values.warmup));
      for (const mode of modes) {
        report.push(await latency(bed, skus, mode, Number(values.seconds)));
        console.error(report.at(-1));
      }
    }
    if (scenarios.has('notify')) {
      for (const relay of list(values['notify-relay'])) {
        if (relay === 'off') await stopRelay(bed);
        else await startRelay(bed, relayEnv);
        report.push(
          '',
          `commit throughput of command-shaped transactions (closed loop, ${values['notify-seconds']} s runs, ` +
            `median of ${values.rounds} rounds in rotated order (all runs in brackets), ` +
            `relay ${relay === 'off' ? 'stopped: command path alone' : 'running: LISTENing and publishing'})`,
          `| wake-up | ${list(values.clients)
            .map((c) => `${c} clients`)
            .join(' | ')} |`,
          `|---|${list(values.clients)
            .map(() => '---')
            .join('|')}|`,
        );
        const runs = new Map<string, number[]>();
        for (let round = 0; round < Number(values.rounds); round++) {
          for (const clients of list(values.clients).map(Number)) {
            for (let i = 0; i < modes.length; i++) {
              const mode = modes[(i + round) % modes.length]!;
              const rate = await commitThroughput(bed, skus, mode, clients);
              runs.set(`${mode}/${clients}`, [...(runs.get(`${mode}/${clients}`) ?? []), rate]);
            }
          }
        }
        for (const mode of modes) {
          const cells = list(values.clients).map((clients) => {
            const rates = [...runs.get(`${mode}/${clients}`)!].sort((a, b) => a - b);
            return `${percentile(rates, 50).toFixed(0)}/s (${rates.map((r) => r.toFixed(0)).join(', ')})`;
          });
          report.push(`| ${mode} | ${cells.join(' | ')} |`);
          console.error(report.at(-1));
        }
      }
      await startRelay(bed, relayEnv);
      while ((await bed.unpublished()) > 0) await sleep(100);
    }
    if (scenarios.has('drain')) {
      report.push(
        '',
        'backlog drain (rows inserted with the relay stopped, then the relay started)',
        '| rows | batch size | events/s (first → last publish) | first → last | relay start → empty |',
        '|---|---|---|---|---|',
      );
      for (const batchSize of list(values['batch-sizes']).map(Number)) {
        report.push(await drain(bed, Number(values.backlog), batchSize));
        console.error(report.at(-1));
      }
    }
  } finally {
    await bed.dispose();
  }
  console.log(report.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
