import type { PartitionEnds } from '../projections/kafka-offsets';
import { nearlyCaughtUp, rebuildProgress } from './rebuild-progress';

const topic = 'stock.events';
const ends = (...highs: number[]): PartitionEnds[] =>
  highs.map((high, partition) => ({ topic, partition, low: 0n, high: BigInt(high) }));
const at = (...offsets: number[]) =>
  new Map(offsets.map((offset, partition) => [`${topic}\u0000${partition}`, BigInt(offset)]));

describe('rebuild progress', () => {
  it('counts the events applied towards the end offsets sampled at the start', () => {
    const progress = rebuildProgress(ends(600, 400), at(300, 200), 100);
    expect(progress).toEqual({ eventsApplied: 500, eventsTotal: 1000, progressPercent: 50, etaSeconds: 5 });
  });

  it('treats a partition without a checkpoint as not started, and rounds the percentage down', () => {
    const progress = rebuildProgress(ends(2, 1), at(2), 0);
    expect(progress.eventsApplied).toBe(2);
    expect(progress.progressPercent).toBe(66.6);
    expect(progress.etaSeconds).toBeNull();
  });

  it('never passes 100% when the replay runs past the start target', () => {
    const progress = rebuildProgress(ends(10, 10), at(25, 10), 50);
    expect(progress).toEqual({ eventsApplied: 20, eventsTotal: 20, progressPercent: 100, etaSeconds: 0 });
  });

  it('measures from the log start of a partition whose oldest events are gone', () => {
    const targets: PartitionEnds[] = [{ topic, partition: 0, low: 100n, high: 300n }];
    expect(rebuildProgress(targets, new Map(), 10)).toMatchObject({
      eventsApplied: 0,
      eventsTotal: 200,
      etaSeconds: 20,
    });
  });

  it('is complete for empty topics', () => {
    expect(rebuildProgress(ends(0, 0), new Map(), 0)).toMatchObject({ progressPercent: 100, etaSeconds: 0 });
  });
});

describe('nearly caught up', () => {
  it('is when what is left takes at most a quarter of a second at the current rate', () => {
    expect(nearlyCaughtUp(1000n, 4000)).toBe(true);
    expect(nearlyCaughtUp(1001n, 4000)).toBe(false);
  });

  it('is with a handful of events left, whatever the rate', () => {
    expect(nearlyCaughtUp(100n, 0)).toBe(true);
    expect(nearlyCaughtUp(101n, 0)).toBe(false);
  });
});
