import { eventually, RelayTestbed, stackEnvFromProcess, type RelayProcess, sleep } from '@inventory/testing';
import { checkDelivery } from '../testing/delivery-check';
import { KeyedWriter } from '../testing/keyed-writer';
import { LocalKafka } from '../testing/local-kafka';

/**
 * Fault injection: stops the stack's Kafka, so this runs in the serial `int-serial` project after the
 * other suites, never alongside them.
 */
jest.setTimeout(300_000);

const KEYS = 500;
const EVENTS_PER_KEY = 40;
const TOTAL = KEYS * EVENTS_PER_KEY;
const WRITERS = 10;
const EVENTS_PER_SECOND = 800;

const stackEnv = stackEnvFromProcess();
const kafka = new LocalKafka(process.env);
let bed: RelayTestbed;

beforeAll(async () => {
  await kafka.assertLocal(stackEnv.kafkaBrokers);
  bed = await RelayTestbed.create(stackEnv);
});

afterAll(async () => {
  // Whatever happened, leave a healthy broker behind for whatever runs next.
  await kafka.start();
  await bed?.dispose();
});

/**
 * WRITERS concurrent connections, each owning KEYS / WRITERS keys and committing 1–3 of them per
 * transaction, paced to EVENTS_PER_SECOND overall, until every key has EVENTS_PER_KEY events.
 */
async function writeAll(writer: KeyedWriter, keys: string[]): Promise<void> {
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const mine = keys.filter((_, i) => i % WRITERS === w);
      const count = (key: string) => writer.written.get(key)?.length ?? 0;
      for (;;) {
        const open = mine.filter((key) => count(key) < EVENTS_PER_KEY);
        if (open.length === 0) return;
        const picked = [
          ...new Set(
            Array.from(
              { length: 1 + Math.floor(Math.random() * 3) },
              () => open[Math.floor(Math.random() * open.length)]!,
            ),
          ),
        ];
        const due = startedAt + (writer.total / EVENTS_PER_SECOND) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        await writer.writeNext(picked);
        if (Math.random() < 0.2) await bed.wake();
      }
    }),
  );
}

async function leaderOf(relays: RelayProcess[]): Promise<RelayProcess> {
  return eventually(async () => {
    const live = relays.filter((relay) => !relay.exited);
    const roles = await Promise.all(
      live.map((relay) =>
        relay.status().then(
          (s) => s.role,
          () => 'down',
        ),
      ),
    );
    const leaders = live.filter((_, i) => roles[i] === 'leader');
    expect(leaders).toHaveLength(1);
    return leaders[0]!;
  }, 20_000);
}

const reached = (writer: KeyedWriter, events: number) =>
  eventually(async () => expect(writer.total).toBeGreaterThanOrEqual(Math.min(events, TOTAL)), 120_000, 50);

describe('the outbox relay under faults', () => {
  it('delivers 20,000 events over 500 keys, in order per key, through two leader kills and a Kafka restart', async () => {
    const relays = [await bed.startRelay(), await bed.startRelay()];
    const writer = new KeyedWriter(bed);
    const keys = Array.from({ length: KEYS }, (_, i) => `chaos-${i}`);
    const writing = writeAll(writer, keys);

    await reached(writer, 4000);
    await (await leaderOf(relays)).kill('SIGKILL');
    relays.push(await bed.startRelay());

    await reached(writer, 8000);
    const kafkaDownAt = Date.now();
    await kafka.stop();
    // Kafka unreachable: the leader backs off and says why, and the backlog grows; writes go on.
    const during = await eventually(async () => {
      const status = await (await leaderOf(relays)).status();
      expect(status.lastError).not.toBeNull();
      expect(Date.parse(status.lastError!.at)).toBeGreaterThanOrEqual(kafkaDownAt);
      return status;
    }, 60_000);
    await reached(writer, writer.total + 1000);
    expect((await (await leaderOf(relays)).status()).backlog).toBeGreaterThan(during.backlog);
    await kafka.start();

    // Second kill while the leader drains what piled up: as soon as the backlog starts shrinking.
    const draining = await leaderOf(relays);
    const piledUp = (await draining.status()).backlog;
    await eventually(async () => expect((await draining.status()).backlog).toBeLessThan(piledUp), 60_000, 5);
    await draining.kill('SIGKILL');
    relays.push(await bed.startRelay());

    await writing;
    expect(writer.total).toBe(TOTAL);
    await eventually(async () => expect(await bed.unpublished()).toBe(0), 120_000, 250);

    const records = await bed.readTopic();
    const report = checkDelivery(records, writer.written);
    process.stderr.write(
      `[relay faults] ${TOTAL} events, ${records.length} records on Kafka, ${report.duplicates} duplicates removed by dedup\n`,
    );
    expect(report).toEqual({
      unknown: 0,
      missing: 0,
      outOfOrder: [],
      duplicates: report.duplicates,
      delivered: TOTAL,
    });
    const [failed] = await bed.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM command.outbox WHERE failed_at IS NOT NULL',
    );
    expect(failed!.n).toBe(0);
  });
});
