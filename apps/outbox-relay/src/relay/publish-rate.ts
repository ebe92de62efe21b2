/** Rows published per second by this relay, over a sliding window of whole seconds. */
export class PublishRate {
  private readonly buckets: number[];
  private readonly stamps: number[];

  constructor(
    private readonly windowSeconds = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new Array<number>(windowSeconds).fill(0);
    this.stamps = new Array<number>(windowSeconds).fill(-1);
  }

  record(count: number): void {
    const second = Math.floor(this.now() / 1000);
    const slot = second % this.windowSeconds;
    if (this.stamps[slot] !== second) {
      this.stamps[slot] = second;
      this.buckets[slot] = 0;
    }
    this.buckets[slot]! += count;
  }

  /** Average over the last complete seconds of the window (the current second is still filling). */
  perSecond(): number {
    const current = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < this.windowSeconds; i++) {
      const stamp = this.stamps[i]!;
      if (stamp < current && stamp >= current - this.windowSeconds + 1) total += this.buckets[i]!;
    }
    return Math.round((total / (this.windowSeconds - 1)) * 10) / 10;
  }
}
