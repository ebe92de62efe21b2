import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { AppConfig, LOGGER, Metrics, PeriodicTask, ProblemError } from '@inventory/platform';
import type { Logger } from 'pino';

const REFRESH_MS = 1000;
const SLOWEST_REFRESH_MS = 10_000;
/** Counting costs PostgreSQL about this many rows per millisecond of its CPU (measured: 100k in ~0.6 s). */
const ROWS_PER_MS = 150;

/**
 * Sheds load when the outbox backlog passes its bound (Kafka away for long): writes are refused with
 * 503 rather than growing the backlog without limit. The count is refreshed in the background, so the
 * check on the hot path is a comparison, not a query. A count costs in proportion to the backlog, so a
 * big backlog is recounted less often (at most ~10% of a core, every 10 s at worst): counting 100,000
 * rows every second took PostgreSQL 0.6 s of each second while the relay was draining them.
 */
@Injectable()
export class BacklogGuard implements OnApplicationBootstrap, OnApplicationShutdown {
  private backlog = 0;
  private readonly loop: PeriodicTask;
  private readonly gauge;

  constructor(
    private readonly database: Database,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.gauge = metrics.gauge(
      'command_outbox_backlog',
      'Unpublished outbox rows as last seen by the command API',
    );
    this.loop = new PeriodicTask(
      {
        name: 'outbox-backlog-refresh',
        runAtStart: true,
        intervalMs: () =>
          Math.min(SLOWEST_REFRESH_MS, Math.max(REFRESH_MS, (this.backlog / ROWS_PER_MS) * 10)),
      },
      () => this.refresh(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  assertRoom(): void {
    if (this.backlog < this.config.outbox.backlogLimit) return;
    throw new ProblemError(
      503,
      'OUTBOX.BACKLOG_FULL',
      `${this.backlog} events are waiting to be published; writes resume when the backlog drains`,
      {},
      { 'retry-after': '5' },
    );
  }

  private async refresh(): Promise<void> {
    try {
      // Bounded count: past the limit the exact figure does not matter, and counting stays cheap.
      const [row] = await this.database.query<{ backlog: number }>(
        `SELECT count(*)::int AS backlog FROM (
           SELECT 1 FROM command.outbox WHERE published_at IS NULL AND failed_at IS NULL LIMIT $1) AS pending`,
        [this.config.outbox.backlogLimit],
      );
      this.backlog = row!.backlog;
      this.gauge.set(this.backlog);
    } catch (error) {
      this.logger.debug({ err: error }, 'backlog refresh failed');
    }
  }
}
