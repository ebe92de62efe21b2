import { HorizonSamples } from './horizon-samples';

const sample = (nextXid: bigint, lastSeq: bigint) => ({ nextXid, lastSeq });

describe('change-feed horizon samples', () => {
  it('hands out nothing before any sample is usable', () => {
    const samples = new HorizonSamples();
    samples.add(sample(100n, 40n), 90n);
    expect(samples.horizon(95n)).toBe(0n);
  });

  it('holds back numbers a transaction still running may have taken', () => {
    const samples = new HorizonSamples();
    samples.add(sample(100n, 40n), 100n);
    // Transaction 100 takes 41; 101 takes 42 and commits; 100 is still running.
    samples.add(sample(102n, 42n), 100n);
    expect(samples.horizon(100n)).toBe(40n);
    // 100 commits: nothing that could hold 41 or 42 runs any more.
    expect(samples.horizon(102n)).toBe(42n);
  });

  it('keeps only the newest usable sample and those after it', () => {
    const samples = new HorizonSamples();
    samples.add(sample(100n, 40n), 100n);
    samples.add(sample(101n, 41n), 101n);
    samples.add(sample(105n, 47n), 103n);
    expect(samples.size).toBe(2);
    expect(samples.columns()).toEqual([
      ['101', '105'],
      ['41', '47'],
    ]);
  });

  it('stays bounded behind a long transaction without losing the sample in use', () => {
    const samples = new HorizonSamples();
    samples.add(sample(10n, 5n), 10n);
    for (let i = 1n; i <= 5000n; i += 1n) samples.add(sample(10n + i, 5n + i), 10n);
    expect(samples.size).toBeLessThanOrEqual(2000);
    expect(samples.horizon(10n)).toBe(5n);
    expect(samples.horizon(5010n)).toBe(5005n);
  });
});
