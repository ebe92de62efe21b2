import { EventRate } from './event-rate';

describe('event rate', () => {
  it('is the growth of the total over the window, per second', () => {
    const rate = new EventRate(10_000);
    for (let second = 0; second <= 4; second++) rate.record(second * 1000, BigInt(second * 250));
    expect(rate.perSecond()).toBe(250);
  });

  it('forgets what happened before the window', () => {
    const rate = new EventRate(2000);
    rate.record(0, 0n);
    rate.record(1000, 10_000n);
    for (let at = 2000; at <= 6000; at += 500) rate.record(at, 10_000n + BigInt(at - 2000));
    expect(rate.perSecond()).toBe(1000);
  });

  it('is 0 with one sample, and never negative when a total moves back', () => {
    const rate = new EventRate();
    rate.record(0, 50n);
    expect(rate.perSecond()).toBe(0);
    rate.record(1000, 20n);
    expect(rate.perSecond()).toBe(0);
  });
});
