import { PartitionLag } from './partition-lag';

const ends = (...offsets: number[]) => new Map(offsets.map((o, p) => [p, BigInt(o)]));

describe('projection lag', () => {
  it('is 0 when everything on the topic is applied', () => {
    const lag = new PartitionLag();
    lag.sample(1000, ends(5, 7), ends(5, 7));
    expect(lag.lagMs(1500)).toBe(0);
  });

  it('is 0 for events first seen by the latest sample', () => {
    const lag = new PartitionLag();
    lag.sample(1000, ends(5), ends(5));
    lag.sample(1100, ends(6), ends(5));
    expect(lag.lagMs(1150)).toBe(0);
  });

  it('grows from the first sample that held an unapplied event while the projector is stopped', () => {
    const lag = new PartitionLag();
    lag.sample(1000, ends(5), ends(5));
    lag.sample(1100, ends(6), ends(5));
    lag.sample(1200, ends(9), ends(5));
    lag.sample(1300, ends(9), ends(5));
    expect(lag.lagMs(1300)).toBe(200);
    expect(lag.lagMs(2100)).toBe(1000);
  });

  it('returns to 0 once the projection catches up', () => {
    const lag = new PartitionLag();
    lag.sample(1000, ends(6), ends(5));
    lag.sample(1100, ends(6), ends(5));
    lag.sample(1200, ends(6), ends(6));
    expect(lag.lagMs(1250)).toBe(0);
  });

  it('counts a partition the projection never checkpointed as unapplied', () => {
    const lag = new PartitionLag();
    lag.sample(1000, ends(0, 3), ends(0));
    lag.sample(1100, ends(0, 3), ends(0));
    expect(lag.lagMs(1100)).toBe(100);
  });
});
