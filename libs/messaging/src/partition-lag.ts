const MAX_SAMPLES = 10_000;

interface Sample {
  at: number;
  /** Log-end offset per partition when sampled. */
  ends: Map<number, bigint>;
}

/**
 * The lag arithmetic of one projection over one topic: samples of the topic's end offsets, and the
 * projection's applied offsets. Pure, so it is tested without Kafka.
 */
export class PartitionLag {
  private samples: Sample[] = [];
  private applied = new Map<number, bigint>();
  private lastSampleAt = 0;

  sample(at: number, ends: Map<number, bigint>, applied: Map<number, bigint>): void {
    this.applied = applied;
    this.lastSampleAt = at;
    const last = this.samples.at(-1);
    const unchanged = last && [...ends].every(([p, end]) => last.ends.get(p) === end);
    // Samples whose every event has been applied are no longer evidence of anything.
    this.samples = this.samples.filter((s) => [...s.ends].some(([p, end]) => end > this.appliedOf(p)));
    if (!unchanged || this.samples.length === 0) this.samples.push({ at, ends });
    if (this.samples.length > MAX_SAMPLES) this.samples = this.samples.filter((_, i) => i % 2 === 0);
  }

  lagMs(now: number): number {
    const oldest = this.samples.find((s) => [...s.ends].some(([p, end]) => end > this.appliedOf(p)));
    // Events first seen by the latest sample may be only microseconds old: not yet evidence of lag.
    if (!oldest || oldest.at >= this.lastSampleAt) return 0;
    return Math.max(0, now - oldest.at);
  }

  private appliedOf(partition: number): bigint {
    return this.applied.get(partition) ?? 0n;
  }
}
