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
  private failureCount = 0;

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
    else this.schedule(undefined);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    let result: T | undefined;
    try {
      result = await this.task();
    } catch (error) {
      this.failureCount++;
      this.logger.warn(
        { err: error, task: this.options.name },
        'periodic task failed; next run as scheduled',
      );
    }
    this.schedule(result);
  }

  private schedule(last: T | undefined): void {
    if (this.stopped) return;
    const { intervalMs } = this.options;
    const wait = typeof intervalMs === 'number' ? intervalMs : intervalMs(last);
    this.timer = setTimeout(() => void this.run(), wait);
    if (this.options.unref) this.timer.unref();
  }
}
