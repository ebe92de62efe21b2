import type { OutboxRow } from './outbox-row';

/** What one batch goes through; `BatchPublisher` implements it on PostgreSQL and Kafka. */
export interface PipelineStages {
  /** The next rows in id order, skipping `claimed` (read by an earlier batch, not marked yet). */
  claim(claimed: string[]): Promise<OutboxRow[]>;
  /**
   * Sends the rows, holding back the keys in `blocked` and isolating refused rows; adds every key it
   * refuses or holds to `blocked`, and every row Kafka acknowledged to `acked` (also when it fails).
   */
  send(rows: OutboxRow[], blocked: Set<string>, acked: OutboxRow[]): Promise<void>;
  /** Marks acknowledged rows published, in one statement. */
  mark(rows: OutboxRow[]): Promise<void>;
  /** Housekeeping between batches (the purge), on the same session. */
  between(): Promise<void>;
}

/** A batch being read: its blocked keys can grow before the read returns. */
interface Claim {
  rows: Promise<OutboxRow[]>;
  /** Keys whose rows this batch must not send. */
  blocked: Set<string>;
}

/**
 * Overlapping passes. Sends go one at a time, in the order the batches were read, so a key's rows reach
 * Kafka in id order; the database work overlaps them: batch N is marked while batch N+1 is sent, and
 * when batch N was full (a backlog) batch N+1 is read while N is in flight, skipping N's rows, which
 * are not marked yet. When N was not full the relay has caught up, and N+1 is read the moment N is
 * acknowledged, so it carries what was committed meanwhile rather than what was there before.
 *
 * A batch read while an earlier one was in flight may hold later rows of a key that batch refused: the
 * keys it refused or held are added to the next batch's blocked keys. A batch read after that sees the
 * refused row parked in the outbox. A failed send or mark ends the run: batches read but not sent are
 * dropped (the next run reads them again), and rows acknowledged but not marked are published again.
 */
export class RelayPipeline {
  constructor(
    private readonly stages: PipelineStages,
    private readonly batchSize: number,
  ) {}

  /**
   * Publishes until a read comes back empty or `running()` turns false; every acknowledged row is
   * marked (or its mark failed) before it settles. Resolves with how many rows Kafka acknowledged.
   */
  async run(running: () => boolean): Promise<number> {
    const claimed = new Set<string>();
    let marking: Promise<void> = Promise.resolve();
    let markFailure: { error: unknown } | undefined;
    let next: Claim | undefined = this.claim(claimed);
    let acknowledged = 0;
    try {
      while (next) {
        const { rows: reading, blocked }: Claim = next;
        next = undefined;
        const rows: OutboxRow[] = await reading;
        if (rows.length === 0 || !running()) break;
        if (markFailure) throw markFailure.error;
        const ahead: Claim | undefined = rows.length >= this.batchSize ? this.claim(claimed) : undefined;
        next = ahead;
        const carried = new Set(blocked);
        const acked: OutboxRow[] = [];
        try {
          await this.stages.send(rows, blocked, acked);
        } finally {
          acknowledged += acked.length;
          marking = marking
            .then(() => (markFailure || acked.length === 0 ? undefined : this.stages.mark(acked)))
            .catch((error: unknown) => void (markFailure ??= { error }))
            .finally(() => rows.forEach((row) => claimed.delete(row.id)));
        }
        for (const key of blocked) if (ahead && !carried.has(key)) ahead.blocked.add(key);
        next = ahead ?? this.claim(claimed);
        await this.stages.between();
      }
    } finally {
      await next?.rows.catch(() => undefined);
      await marking;
    }
    if (markFailure) throw markFailure.error;
    return acknowledged;
  }

  /**
   * Starts reading a batch; its rows count as claimed from the moment the read returns. A read that
   * fails while a send is in flight is reported when the loop reaches it, not as an unhandled rejection.
   */
  private claim(claimed: Set<string>): Claim {
    const rows = this.stages.claim([...claimed]).then((read) => {
      for (const row of read) claimed.add(row.id);
      return read;
    });
    rows.catch(() => undefined);
    return { rows, blocked: new Set() };
  }
}
