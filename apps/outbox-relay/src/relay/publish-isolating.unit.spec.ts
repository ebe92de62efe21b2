import type { OutboxRow } from './outbox-row';
import { chunkForSending, publishIsolating, type IsolatingPublisher } from './publish-isolating';

class Refused extends Error {}
class Unreachable extends Error {}

const PARTITIONS = 4;

function row(id: number, key: string, value = `v${id}`, attempts = 0): OutboxRow {
  return { id: String(id), event_id: `e${id}`, topic: 't', key, value, headers: {}, attempts };
}

const partitionOf = (r: OutboxRow) => Number(r.key.replace(/\D/g, '') || 0) % PARTITIONS;

/**
 * A broker that behaves like Kafka: each partition's part of a request is appended or refused as a
 * whole, so a refused request still writes its other partitions.
 */
function fakeKafka(refuse: (row: OutboxRow) => boolean, unreachableAfterSends = Infinity) {
  const log: string[] = [];
  const refused: string[] = [];
  let sends = 0;
  const publisher: IsolatingPublisher = {
    send: async (rows) => {
      sends++;
      if (sends > unreachableAfterSends) throw new Unreachable('ECONNREFUSED');
      let failed = false;
      for (let p = 0; p < PARTITIONS; p++) {
        const part = rows.filter((r) => partitionOf(r) === p);
        if (part.some(refuse)) failed = true;
        else log.push(...part.map((r) => r.id));
      }
      if (failed) throw new Refused('MESSAGE_TOO_LARGE');
    },
    published: () => undefined,
    refused: async (r) => {
      refused.push(r.id);
    },
    isMessageError: (error) => error instanceof Refused,
    byPartition: async (rows) => {
      const groups = new Map<number, OutboxRow[]>();
      for (const r of rows) groups.set(partitionOf(r), [...(groups.get(partitionOf(r)) ?? []), r]);
      return [...groups.values()];
    },
  };
  return { publisher, log, refused, sends: () => sends };
}

/** What a consumer that dedups by event id sees: first occurrences, in log order. */
const firstOccurrences = (log: string[]) => [...new Set(log)];

function copies(log: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of log) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('publishIsolating', () => {
  it('publishes a clean batch in one send', async () => {
    const kafka = fakeKafka(() => false);
    const rows = [row(1, 'k1'), row(2, 'k2'), row(3, 'k1')];
    const outcome = await publishIsolating([rows], kafka.publisher);
    expect(kafka.log).toEqual(['1', '3', '2']);
    expect(kafka.sends()).toBe(1);
    expect(outcome).toEqual({ published: 3, refused: 0, held: 0 });
  });

  it('isolates a refused row, publishes every other key, and holds later rows of its key', async () => {
    const rows = Array.from({ length: 64 }, (_, i) => row(i + 1, `k${i % 8}`));
    const kafka = fakeKafka((r) => r.id === '20');
    const outcome = await publishIsolating([rows], kafka.publisher);
    expect(kafka.refused).toEqual(['20']);
    const poisonedKey = rows[19]!.key;
    const expected = rows.filter((r) => r.key !== poisonedKey || Number(r.id) < 20).map((r) => r.id);
    expect(firstOccurrences(kafka.log).sort()).toEqual([...expected].sort());
    expect(outcome).toEqual({ published: expected.length, refused: 1, held: 64 - expected.length - 1 });
    // The partitions written by the refused request are re-sent once; halving adds no duplicates.
    for (const [id, count] of copies(kafka.log)) {
      expect(count).toBe(partitionOf(rows[Number(id) - 1]!) === partitionOf(rows[19]!) ? 1 : 2);
    }
    // One send, one per partition, then halving within the bad partition: a handful, not one per row.
    expect(kafka.sends()).toBeLessThanOrEqual(1 + PARTITIONS + 2 * Math.log2(64 / PARTITIONS) + 1);
  });

  it('keeps each key in id order when several rows are refused', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i + 1, `k${i % 5}`));
    // 18 has the same key as 3: it is held behind it, never sent, so never refused itself.
    const kafka = fakeKafka((r) => ['3', '17', '18', '24', '40'].includes(r.id));
    await publishIsolating([rows], kafka.publisher);
    expect(kafka.refused.sort()).toEqual(['17', '24', '3', '40']);
    const seen = firstOccurrences(kafka.log).map((id) => rows[Number(id) - 1]!);
    for (const key of new Set(rows.map((r) => r.key))) {
      const ids = seen.filter((r) => r.key === key).map((r) => Number(r.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const refusedOfKey = kafka.refused.map(Number).find((id) => rows[id - 1]!.key === key);
      if (refusedOfKey) expect(ids.every((id) => id < refusedOfKey)).toBe(true);
    }
  });

  it('aborts the pass when Kafka becomes unreachable, leaving the rest unpublished and unblamed', async () => {
    const rows = Array.from({ length: 16 }, (_, i) => row(i + 1, `k${i}`));
    const kafka = fakeKafka((r) => r.id === '2', 2);
    await expect(publishIsolating([rows], kafka.publisher)).rejects.toBeInstanceOf(Unreachable);
    expect(kafka.refused).toEqual([]);
  });

  it('carries a held key across the sends of a pass', async () => {
    const kafka = fakeKafka((r) => r.id === '1');
    const outcome = await publishIsolating(
      [[row(1, 'k1', 'v1', 1)], [row(2, 'k2'), row(3, 'k1'), row(4, 'k2')]],
      kafka.publisher,
    );
    expect(kafka.log).toEqual(['2', '4']);
    expect(outcome).toEqual({ published: 2, refused: 1, held: 1 });
  });
});

describe('chunkForSending', () => {
  const size = (r: OutboxRow) => r.value.length;

  it('keeps order and splits before a send would pass the byte limit', () => {
    const rows = [row(1, 'a', 'x'.repeat(40)), row(2, 'a', 'x'.repeat(40)), row(3, 'a', 'x'.repeat(40))];
    expect(chunkForSending(rows, 100, size).map((chunk) => chunk.map((r) => r.id))).toEqual([
      ['1', '2'],
      ['3'],
    ]);
  });

  it('sends an oversized row alone rather than never', () => {
    const chunks = chunkForSending([row(1, 'a', 'x'.repeat(500)), row(2, 'a')], 100, size);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1, 1]);
  });

  it('sends a row that failed before on its own, in its place', () => {
    const rows = [row(1, 'a'), row(2, 'b', 'v', 2), row(3, 'c'), row(4, 'd')];
    expect(chunkForSending(rows, 1000, size).map((chunk) => chunk.map((r) => r.id))).toEqual([
      ['1'],
      ['2'],
      ['3', '4'],
    ]);
  });
});
