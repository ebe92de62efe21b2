import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';
import { HorizonSamples } from './horizon-samples';

const POLL_MS = 100;
/** Longest wait between samples while the sequence stands still and nobody reads the feed. */
const IDLE_POLL_MS = 2000;

/**
 * How far the changes feed may go without skipping a change for ever. The projector takes a row's
 * change number inside its transaction and the row becomes visible at commit, so a transaction still
 * running can hold a lower number than one already committed: a client continuing "after the last
 * number it saw" would miss it (the sequence-gap trap). Every 100 ms this reads the sequence's last
 * value L and then the next transaction id N. A transaction that took a number up to L had its
 * transaction id before that (the projector locks its checkpoint row first, which assigns one), so its
 * id is below N: once no transaction below N is running, every number up to L is final.
 *
 * An idle system sleeps: while L stands still the wait doubles up to 2 s; a new L or a read of the feed
 * snaps it back to 100 ms, so a feed someone follows advances as promptly as before.
 */
@Injectable()
export class ChangeHorizon implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly samples = new HorizonSamples();
  private readonly loop: PeriodicTask;
  private lastSeq?: bigint;
  private settled = false;

  constructor(
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicTask(
      {
        name: 'change-horizon-sample',
        intervalMs: POLL_MS,
        runAtStart: true,
        idle: { maxMs: IDLE_POLL_MS, quiet: () => this.settled },
      },
      () => this.sample(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** Takes one sample; two statements, in this order, is what makes it sound. */
  async sample(): Promise<void> {
    try {
      const [sequence] = await this.database.query<{ last: string }>(
        `SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END AS last
           FROM read.availability_change_seq`,
      );
      // age(xid) counts from the next id to be assigned (the reading transaction has none of its own).
      const [ids] = await this.database.query<{ next: string; xmin: string }>(
        `SELECT (x + age((x % 4294967296)::text::xid))::text AS next, x::text AS xmin
           FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS x) AS s`,
      );
      const lastSeq = BigInt(sequence!.last);
      this.samples.add({ nextXid: BigInt(ids!.next), lastSeq }, BigInt(ids!.xmin));
      this.settled = lastSeq === this.lastSeq;
      this.lastSeq = lastSeq;
    } catch (error) {
      this.settled = false;
      // Without new samples the feed only stops advancing; it never hands out an unsafe number.
      this.logger.debug({ err: error }, 'change horizon sample failed');
    }
  }

  /** SQL parameters for `horizonSql`: the samples' next transaction ids and last sequence values. */
  parameters(): [string[], string[]] {
    // Someone follows the feed: sample at the full rate while they do.
    this.loop.wake();
    return this.samples.columns();
  }
}

/**
 * The horizon for the statement it runs in, from the samples passed as `nextXids` and `seqs`: the
 * statement's own snapshot decides which samples are usable, as in `HorizonSamples.horizon`.
 */
export function horizonSql(nextXids: string, seqs: string): string {
  return `SELECT coalesce(max(s.seq), 0) AS seq
            FROM unnest(${nextXids}::xid8[], ${seqs}::bigint[]) AS s (next_xid, seq)
           WHERE s.next_xid <= pg_snapshot_xmin(pg_current_snapshot())`;
}
