import type { Logger } from 'pino';
import { PeriodicTask } from './periodic-task';

const logger = { warn: jest.fn() } as unknown as Logger;

/** A task whose runs the test finishes by hand, so it can stop the schedule while one is in flight. */
function controlledTask() {
  const finishers: Array<() => void> = [];
  const task = jest.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  return { task, finishRun: () => finishers.shift()!() };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('PeriodicTask', () => {
  it('waits an interval before the first run unless asked to run at start', async () => {
    const later = jest.fn(async () => undefined);
    const now = jest.fn(async () => undefined);
    new PeriodicTask({ name: 'later', intervalMs: 100 }, later, logger).start();
    new PeriodicTask({ name: 'now', intervalMs: 100, runAtStart: true }, now, logger).start();

    expect(later).not.toHaveBeenCalled();
    expect(now).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(later).toHaveBeenCalledTimes(1);
    expect(now).toHaveBeenCalledTimes(2);
  });

  it('never overlaps runs: the next interval starts when a run ends', async () => {
    const { task, finishRun } = controlledTask();
    const periodic = new PeriodicTask({ name: 'slow', intervalMs: 100 }, task, logger);
    periodic.start();

    await jest.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(1);
    finishRun();
    await jest.advanceTimersByTimeAsync(99);
    expect(task).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    periodic.stop();
  });

  it('takes the next interval from the last result', async () => {
    const results = [5, 50];
    const task = jest.fn(async () => results.shift());
    const waits: Array<number | undefined> = [];
    const periodic = new PeriodicTask(
      {
        name: 'backoff',
        runAtStart: true,
        intervalMs: (last) => {
          waits.push(last);
          return (last ?? 1) * 10;
        },
      },
      task,
      logger,
    );
    periodic.start();

    await jest.advanceTimersByTimeAsync(49);
    expect(task).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(500);
    expect(task).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([5, 50, undefined]);
    periodic.stop();
  });

  it('stops for good when stopped while a run is in flight', async () => {
    const { task, finishRun } = controlledTask();
    const periodic = new PeriodicTask({ name: 'in-flight', intervalMs: 100, runAtStart: true }, task, logger);
    periodic.start();
    periodic.stop();
    finishRun();

    await jest.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops before the next run when stopped between runs', async () => {
    const task = jest.fn(async () => undefined);
    const periodic = new PeriodicTask({ name: 'idle', intervalMs: 100 }, task, logger);
    periodic.start();
    await jest.advanceTimersByTimeAsync(150);
    periodic.stop();

    await jest.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('logs and counts a failed run, then keeps its schedule', async () => {
    const task = jest.fn().mockRejectedValueOnce(new Error('database away')).mockResolvedValue(undefined);
    const periodic = new PeriodicTask({ name: 'flaky', intervalMs: 100 }, task, logger);
    periodic.start();

    await jest.advanceTimersByTimeAsync(100);
    expect(periodic.failures).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ task: 'flaky' }),
      expect.stringContaining('failed'),
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(task).toHaveBeenCalledTimes(2);
    expect(periodic.failures).toBe(1);
    periodic.stop();
  });

  it('sleeps longer while runs are quiet, up to the idle maximum, and snaps back after a busy run', async () => {
    const busy = [false, false, false, false, true, false];
    const task = jest.fn(async () => busy.shift() ?? false);
    const periodic = new PeriodicTask(
      { name: 'sampler', intervalMs: 100, idle: { maxMs: 400, quiet: (changed) => changed === false } },
      task,
      logger,
    );
    periodic.start();

    const runsAt: number[] = [];
    for (let t = 0; t <= 2000; t += 10) {
      await jest.advanceTimersByTimeAsync(10);
      if (task.mock.calls.length > runsAt.length) runsAt.push(t + 10);
    }
    // 100 before the first run; after quiet runs 100, 200, 400, then 400 at most; after the busy fifth
    // run 100, and the back-off starts over at 100.
    expect(runsAt.slice(0, 7)).toEqual([100, 200, 400, 800, 1200, 1300, 1400]);
    periodic.stop();
  });

  it('runs within the base interval after wake(), and starts the back-off over', async () => {
    const task = jest.fn(async () => false);
    const periodic = new PeriodicTask(
      { name: 'woken', intervalMs: 100, runAtStart: true, idle: { maxMs: 10_000, quiet: () => true } },
      task,
      logger,
    );
    periodic.start();
    await jest.advanceTimersByTimeAsync(100 + 200 + 400 + 800);
    expect(task).toHaveBeenCalledTimes(5);
    periodic.wake();
    await jest.advanceTimersByTimeAsync(100);
    expect(task).toHaveBeenCalledTimes(6);
    // Back to the start of the back-off: the next waits are 100 then 200.
    await jest.advanceTimersByTimeAsync(100);
    expect(task).toHaveBeenCalledTimes(7);
    await jest.advanceTimersByTimeAsync(199);
    expect(task).toHaveBeenCalledTimes(7);
    await jest.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(8);
    periodic.stop();
  });

  it('a wake() during a run makes the next wait the base interval', async () => {
    const { task, finishRun } = controlledTask();
    const periodic = new PeriodicTask(
      {
        name: 'woken-in-flight',
        intervalMs: 100,
        runAtStart: true,
        idle: { maxMs: 10_000, quiet: () => true },
      },
      task,
      logger,
    );
    periodic.start();
    finishRun();
    await jest.advanceTimersByTimeAsync(100);
    finishRun();
    await jest.advanceTimersByTimeAsync(200);
    expect(task).toHaveBeenCalledTimes(3);
    periodic.wake();
    finishRun();
    await jest.advanceTimersByTimeAsync(100);
    expect(task).toHaveBeenCalledTimes(4);
    periodic.stop();
  });
});
