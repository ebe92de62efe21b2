import { backoffMs } from './backoff';
import { PublishRate } from './publish-rate';

describe('PublishRate', () => {
  it('averages the complete seconds of its window and forgets older ones', () => {
    let now = 1_000_000;
    const rate = new PublishRate(10, () => now);
    for (let second = 0; second < 9; second++) {
      rate.record(90);
      now += 1000;
    }
    expect(rate.perSecond()).toBe(90);
    now += 20_000;
    expect(rate.perSecond()).toBe(0);
  });
});

describe('backoffMs', () => {
  it('doubles from the base and never passes the cap', () => {
    expect([1, 2, 3, 4, 10, 100].map((failures) => backoffMs(failures, 100, 5000))).toEqual([
      100, 200, 400, 800, 5000, 5000,
    ]);
  });
});
