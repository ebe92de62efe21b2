const MAX_SAMPLES = 2_000;

/** The change sequence's last value, and the next transaction id to be assigned, read after it. */
export interface HorizonSample {
  nextXid: bigint;
  lastSeq: bigint;
}

/**
 * The samples a read may still need. A read may hand out change numbers up to the `lastSeq` of the
 * newest sample whose `nextXid` is at or below the oldest transaction running at the read (its
 * snapshot's xmin). That xmin never goes down, so of the samples already usable only the newest is
 * kept. Pure, so the bookkeeping is tested without PostgreSQL; the read applies the same rule in SQL.
 */
export class HorizonSamples {
  private samples: HorizonSample[] = [];

  add(sample: HorizonSample, runningXmin: bigint): void {
    this.samples.push(sample);
    const newestUsable = this.samples.findLastIndex((s) => s.nextXid <= runningXmin);
    if (newestUsable > 0) this.samples = this.samples.slice(newestUsable);
    // A transaction running for minutes: thin the samples in between, never the one in use or the newest.
    const last = this.samples.length - 1;
    if (last >= MAX_SAMPLES)
      this.samples = this.samples.filter((_, i) => i === 0 || i === last || i % 2 === 1);
  }

  /** The highest change number a read whose snapshot's xmin is `xmin` may return; 0 when none. */
  horizon(xmin: bigint): bigint {
    return this.samples.findLast((s) => s.nextXid <= xmin)?.lastSeq ?? 0n;
  }

  /** The samples as SQL parameters: next transaction ids (xid8) and last values (bigint), as text. */
  columns(): [string[], string[]] {
    return [this.samples.map((s) => String(s.nextXid)), this.samples.map((s) => String(s.lastSeq))];
  }

  get size(): number {
    return this.samples.length;
  }
}
