import {
  eventually,
  RelayTestbed,
  stackEnvFromProcess,
  uniqueId,
  type RelayProcess,
  sleep,
} from '@inventory/testing';
import { checkDelivery } from '../testing/delivery-check';
import { KeyedWriter } from '../testing/keyed-writer';

jest.setTimeout(120_000);

let bed: RelayTestbed;

beforeAll(async () => {
  bed = await RelayTestbed.create(stackEnvFromProcess());
});

afterEach(() => bed?.stopRelays());
afterAll(() => bed?.dispose());

/** The roles the live relays report right now. */
async function roles(relays: RelayProcess[]): Promise<Map<RelayProcess, string>> {
  const live = relays.filter((relay) => !relay.exited);
  const answers = await Promise.all(
    live.map((relay) =>
      relay.status().then(
        (s) => s.role,
        () => 'unreachable',
      ),
    ),
  );
  return new Map(live.map((relay, i) => [relay, answers[i]!]));
}

async function leaderAmong(relays: RelayProcess[]): Promise<RelayProcess> {
  return eventually(async () => {
    const leaders = [...(await roles(relays))].filter(([, role]) => role === 'leader');
    expect(leaders).toHaveLength(1);
    return leaders[0]![0];
  }, 15_000);
}

/** Samples every relay's role until stopped; returns the worst moment seen (most leaders at once). */
function watchLeaders(relays: RelayProcess[]) {
  let running = true;
  let mostLeaders = 0;
  const samples = (async () => {
    while (running) {
      const leaders = [...(await roles(relays)).values()].filter((role) => role === 'leader').length;
      mostLeaders = Math.max(mostLeaders, leaders);
      await sleep(20);
    }
  })();
  return async () => {
    running = false;
    await samples;
    return mostLeaders;
  };
}

/** Keeps committing events on a dozen fresh keys until stopped, like the command API under steady load. */
function keepWriting(writer: KeyedWriter) {
  const keys = Array.from({ length: 12 }, () => uniqueId('failover'));
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      await writer.writeNext([keys[i % keys.length]!, keys[(i * 7 + 3) % keys.length]!]);
      await bed.wake();
      await sleep(5);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

async function lockHolders(): Promise<number> {
  const [row] = await bed.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND classid = 7340002 AND objid = 0 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return row!.n;
}

describe('one active relay', () => {
  const writer = () => new KeyedWriter(bed);

  it('hands over to the standby within seconds when the leader is SIGKILLed, never with two leaders', async () => {
    const relays = [await bed.startRelay(), await bed.startRelay()];
    const leader = await leaderAmong(relays);
    const standby = relays.find((relay) => relay !== leader)!;
    expect((await standby.status()).role).toBe('standby');

    const events = writer();
    const stopWriting = keepWriting(events);
    const stopWatching = watchLeaders(relays);
    await eventually(async () => expect((await leader.status()).publishedPerSecond).toBeGreaterThan(0));

    await leader.kill('SIGKILL');
    const killedAt = Date.now();
    await eventually(async () => expect((await standby.status()).role).toBe('leader'), 10_000);
    const takeoverMs = Date.now() - killedAt;
    const writtenAtTakeover = events.total;
    await eventually(async () => expect(events.total).toBeGreaterThan(writtenAtTakeover + 50));
    await stopWriting();

    await eventually(async () => expect(await bed.unpublished()).toBe(0), 30_000);
    expect(await stopWatching()).toBe(1);
    expect(takeoverMs).toBeLessThan(5000);
    expect(await lockHolders()).toBe(1);
    const report = checkDelivery(await bed.readTopic(), events.written);
    expect(report).toMatchObject({ unknown: 0, missing: 0, outOfOrder: [], delivered: events.total });
  });

  it('on SIGTERM finishes its batch, exits cleanly and releases the lock at once', async () => {
    const first = await bed.startRelay();
    await leaderAmong([first]);
    const second = await bed.startRelay({ OUTBOX_STANDBY_POLL_MS: '100' });
    const events = writer();
    const stopWriting = keepWriting(events);
    await eventually(async () => expect(events.total).toBeGreaterThan(100));

    const stoppingAt = Date.now();
    await first.kill('SIGTERM');
    // Nest closes the app, then re-raises the signal so the parent sees a SIGTERM exit.
    expect(first.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - stoppingAt).toBeLessThan(5000);
    await eventually(async () => expect((await second.status()).role).toBe('leader'), 3000);
    await stopWriting();

    await eventually(async () => expect(await bed.unpublished()).toBe(0), 30_000);
    const report = checkDelivery(await bed.readTopic(), events.written);
    // It marked what Kafka acknowledged before letting go: the next leader re-sends nothing.
    expect(report).toMatchObject({ unknown: 0, missing: 0, outOfOrder: [], duplicates: 0 });
  });

  it('steps down when its lock session dies mid-flight; the other relay takes over and order holds', async () => {
    const relays = [await bed.startRelay(), await bed.startRelay({ OUTBOX_STANDBY_POLL_MS: '100' })];
    await leaderAmong(relays);
    const events = writer();
    const stopWriting = keepWriting(events);
    await eventually(async () => expect(events.total).toBeGreaterThan(100));

    // PostgreSQL ends the leader's session (as it would on a network partition): its lock is gone.
    const terminated = await bed.database.query<{ done: boolean }>(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
        WHERE application_name = 'outbox-relay-leader' AND datname = current_database()
          AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 7340002 AND granted)`,
    );
    expect(terminated).toEqual([{ done: true }]);
    await leaderAmong(relays);
    const written = events.total;
    await eventually(async () => expect(events.total).toBeGreaterThan(written + 50));
    await stopWriting();

    await eventually(async () => expect(await bed.unpublished()).toBe(0), 30_000);
    expect(await lockHolders()).toBe(1);
    expect([...(await roles(relays)).values()].sort()).toEqual(['leader', 'standby']);
    const report = checkDelivery(await bed.readTopic(), events.written);
    expect(report).toMatchObject({ unknown: 0, missing: 0, outOfOrder: [] });
  });
});
