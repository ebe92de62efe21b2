import type { Logger } from 'pino';

export interface PeriodicTaskOptions<T> {
  /** Names the task in the log line of a failed run. */
  name: string;
  /** Milliseconds from the end of one run to the start of the next; a function chooses from the last result. */
  intervalMs: number | ((last: T | undefined) => number);
  /** Run once at start() instead of waiting an interval first. */
  runAtStart?: boolean;
  /** Let the process exit while only this timer is pending. */
  unref?: boolean;
  /**
   * Sleep while nothing happens: after a run that `quiet` calls quiet (a failed run passes undefined),
   * the next wait is twice the last one, up to `maxMs`; after any other run, or `wake()`, it snaps
   * back to `intervalMs`.
   */
  idle?: { maxMs: number; quiet: (last: T | undefined) => boolean };
}

/**
 * Runs `task` every interval, one run at a time: the next run is timed from the end of the previous
 * one, so runs never overlap. A run that throws is logged and counted and the schedule goes on. After
 * stop() no run starts again, even when stop() comes while a run is in flight.
 */
export class PeriodicTask<T = void> {
  private timer?: NodeJS.Timeout;
  private started = false;
  private stopped = false;
  private running = false;
  private failureCount = 0;
  /** When the pending timer fires (epoch ms). */
  private dueAt = 0;
  /** The last wait chosen with `idle`: grows while runs are quiet. */
  private idleWait?: number;
  /** A wake() during a run: the next wait is the base interval. */
  private woken = false;

  constructor(
    private readonly options: PeriodicTaskOptions<T>,
    private readonly task: () => Promise<T>,
    private readonly logger: Logger,
  ) {}

  /** Runs that threw so far. */
  get failures(): number {
    return this.failureCount;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.options.runAtStart) void this.run();
    else this.schedule(undefined, false);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Something happened: the next run starts within the base interval (from now, or from the end of the
   * run in flight), and an idle back-off starts over. Cheap enough to call on every request.
   */
  wake(): void {
    if (!this.started || this.stopped) return;
    this.idleWait = undefined;
    if (this.running) {
      this.woken = true;
      return;
    }
    const base = this.baseInterval(undefined);
    if (this.timer === undefined || this.dueAt - Date.now() <= base) return;
    clearTimeout(this.timer);
    this.arm(base);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    let result: T | undefined;
    let failed = false;
    try {
      result = await this.task();
    } catch (error) {
      failed = true;
      this.failureCount++;
      this.logger.warn(
        { err: error, task: this.options.name },
        'periodic task failed; next run as scheduled',
      );
    }
    this.running = false;
    this.schedule(result, failed);
  }

  private baseInterval(last: T | undefined): number {
    const { intervalMs } = this.options;
    return typeof intervalMs === 'number' ? intervalMs : intervalMs(last);
  }

  private schedule(last: T | undefined, failed: boolean): void {
    if (this.stopped) return;
    const base = this.baseInterval(last);
    let wait = base;
    const { idle } = this.options;
    if (idle && !this.woken) {
      const quiet = idle.quiet(failed ? undefined : last);
      wait = quiet && this.idleWait !== undefined ? Math.min(idle.maxMs, this.idleWait * 2) : base;
      this.idleWait = quiet ? wait : undefined;
    }
    this.woken = false;
    this.arm(wait);
  }

  private arm(wait: number): void {
    this.dueAt = Date.now() + wait;
    this.timer = setTimeout(() => void this.run(), wait);
    if (this.options.unref) this.timer.unref();
  }
}
