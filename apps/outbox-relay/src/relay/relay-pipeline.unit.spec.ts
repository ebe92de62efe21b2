import fc from 'fast-check';
import { orderingKey, type OutboxRow } from './outbox-row';
import { publishIsolating } from './publish-isolating';
import { RelayPipeline, type PipelineStages } from './relay-pipeline';

class Refused extends Error {}
class Unreachable extends Error {}

const BATCH = 4;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Scenario {
  /** Keys of the rows committed before the run and while it goes, in commit (id) order. */
  keys: number[];
  /** How many rows are committed before the run starts; the rest arrive one per stage call. */
  initially: number;
  /** Ids Kafka refuses. */
  poisoned: number[];
  /** Kafka becomes unreachable after this many sends. */
  unreachableAfter: number;
}

/**
 * An outbox and a Kafka in memory, shaped like the real ones: a read skips published rows, rows a
 * batch still has on its way, and rows behind a parked row of their key; each stage call lets a
 * little time pass, during which more rows may commit.
 */
function world(scenario: Scenario) {
  const rows: Array<OutboxRow & { published: boolean; parked: boolean }> = [];
  const kafka: OutboxRow[] = [];
  const trace: string[] = [];
  let committed = 0;
  let sends = 0;
  let marks = 0;
  const commit = (count: number) => {
    for (const key of scenario.keys.slice(committed, committed + count)) {
      rows.push({ ...row(rows.length + 1, key), published: false, parked: false });
    }
    committed = Math.min(scenario.keys.length, committed + count);
  };
  const elapse = async () => {
    commit(1);
    await tick();
  };
  commit(scenario.initially);

  const stages: PipelineStages = {
    claim: async (claimed) => {
      trace.push('claim');
      const parkedKeys = rows.filter((r) => r.parked);
      const read = rows
        .filter((r) => !r.published && !r.parked && !claimed.includes(r.id))
        .filter((r) => !parkedKeys.some((p) => p.key === r.key && Number(p.id) < Number(r.id)))
        .slice(0, BATCH)
        .map(({ published: _p, parked: _q, ...plain }) => plain);
      await elapse();
      trace.push('claimed');
      return read;
    },
    send: async (batch, blocked, acked) => {
      trace.push('send');
      await publishIsolating(
        [batch],
        {
          send: async (group) => {
            await elapse();
            if (++sends > scenario.unreachableAfter) throw new Unreachable();
            if (group.some((r) => scenario.poisoned.includes(Number(r.id)))) throw new Refused();
            kafka.push(...group);
          },
          published: (group) => acked.push(...group),
          refused: async (refused) => {
            await elapse();
            rows[Number(refused.id) - 1]!.parked = true;
          },
          isMessageError: (error) => error instanceof Refused,
          byPartition: async (group) => group.map((r) => [r]),
        },
        blocked,
      );
      trace.push('sent');
    },
    mark: async (acked) => {
      marks++;
      await elapse();
      for (const r of acked) rows[Number(r.id) - 1]!.published = true;
    },
    between: async () => undefined,
  };
  return { stages, rows, kafka, trace, marks: () => marks };
}

function row(id: number, key: number): OutboxRow {
  return {
    id: String(id),
    event_id: `e${id}`,
    topic: 't',
    key: `k${key}`,
    value: '',
    headers: {},
    attempts: 0,
  };
}

/** `count` rows already committed, the i-th on key `keyOf(i)`, and a Kafka that takes everything. */
function committedBacklog(count: number, keyOf: (i: number) => number): Scenario {
  return {
    keys: Array.from({ length: count }, (_, i) => keyOf(i)),
    initially: count,
    poisoned: [],
    unreachableAfter: Infinity,
  };
}

const scenarios = fc.record({
  keys: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
  initially: fc.integer({ min: 0, max: 40 }),
  poisoned: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
  unreachableAfter: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 12 })),
});

/** Runs the pipeline until a read comes back empty (or it fails), as the relay's loop does. */
async function runToEnd(pipeline: RelayPipeline): Promise<'drained' | 'failed'> {
  try {
    await pipeline.run(() => true);
    return 'drained';
  } catch (error) {
    if (error instanceof Unreachable) return 'failed';
    throw error;
  }
}

describe('RelayPipeline', () => {
  it('keeps every key in id order on Kafka, never sends past a refused row, and marks only what Kafka acknowledged', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const { stages, rows, kafka } = world(scenario);
        await runToEnd(new RelayPipeline(stages, BATCH));

        const sent = kafka.map((r) => Number(r.id));
        expect(new Set(sent).size).toBe(sent.length);
        for (const key of new Set(rows.map(orderingKey))) {
          const ofKey = kafka.filter((r) => orderingKey(r) === key).map((r) => Number(r.id));
          expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
          const refused = rows.find((r) => orderingKey(r) === key && r.parked);
          if (refused) expect(ofKey.every((id) => id < Number(refused.id))).toBe(true);
          // A key's published rows are a prefix of its history up to its first refused row.
          const history = rows.filter((r) => orderingKey(r) === key).map((r) => Number(r.id));
          expect(ofKey).toEqual(history.slice(0, ofKey.length));
        }
        expect(rows.filter((r) => r.published).map((r) => Number(r.id))).toEqual(
          [...sent].sort((a, b) => a - b),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('publishes a clean outbox completely, one mark per batch, including rows committed while it runs', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const { stages, rows, marks, trace } = world({
          ...scenario,
          poisoned: [],
          unreachableAfter: Infinity,
        });
        let result = await runToEnd(new RelayPipeline(stages, BATCH));
        // What committed after the last (empty) read is found by the next run, as after a wake-up.
        while (rows.some((r) => !r.published)) result = await runToEnd(new RelayPipeline(stages, BATCH));
        expect(result).toBe('drained');
        expect(marks()).toBe(trace.filter((step) => step === 'send').length);
        expect(rows.every((r) => r.published)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('reads the next batch while a full one is in flight, and waits for the send when it was not full', async () => {
    const backlog = world(committedBacklog(12, (i) => i));
    await new RelayPipeline(backlog.stages, BATCH).run(() => true);
    expect(backlog.trace.slice(0, 6)).toEqual(['claim', 'claimed', 'claim', 'send', 'claimed', 'sent']);

    const trickle = world({ keys: [1, 2], initially: 1, poisoned: [], unreachableAfter: Infinity });
    await new RelayPipeline(trickle.stages, BATCH).run(() => true);
    expect(trickle.trace.slice(0, 5)).toEqual(['claim', 'claimed', 'send', 'sent', 'claim']);
  });

  it('stops sending when Kafka becomes unreachable, and still marks what it acknowledged', async () => {
    const failing = world({ ...committedBacklog(20, (i) => i % 3), unreachableAfter: 2 });
    await expect(new RelayPipeline(failing.stages, BATCH).run(() => true)).rejects.toBeInstanceOf(
      Unreachable,
    );
    expect(failing.kafka.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(failing.rows.filter((r) => r.published).map((r) => r.id)).toEqual(failing.kafka.map((r) => r.id));
  });

  it('sends nothing more once it is told to stop, but marks the batch in flight', async () => {
    const stopping = world(committedBacklog(20, (i) => i));
    let running = true;
    const run = new RelayPipeline(stopping.stages, BATCH).run(() => running);
    await tick();
    running = false;
    await run;
    expect(stopping.kafka).toHaveLength(BATCH);
    expect(stopping.rows.filter((r) => r.published)).toHaveLength(BATCH);
  });
});
