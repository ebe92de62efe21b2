interface Sample {
  at: number;
  total: bigint;
}

/**
 * Events per second from a running total sampled now and then (e.g. the sum of a projection's
 * checkpoints), over a sliding window: the first and the last sample inside it.
 */
export class EventRate {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = 10_000) {}

  record(at: number, total: bigint): void {
    this.samples.push({ at, total });
    const from = at - this.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.at <= from) this.samples.shift();
  }

  perSecond(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at <= first.at) return 0;
    const events = last.total > first.total ? Number(last.total - first.total) : 0;
    return Math.round((events / ((last.at - first.at) / 1000)) * 10) / 10;
  }
}
