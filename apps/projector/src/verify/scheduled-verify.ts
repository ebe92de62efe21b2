import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database, READ_DATABASE, Redis } from '@inventory/persistence';
import { AppConfig, LOGGER, Metrics, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';
import { AvailabilityCache } from '../availability/availability.cache';
import { VERIFY_COMMAND_DATABASE } from './command-database.provider';
import { checkReadModel, type ReadModelReport, type VerifyDatabases } from './read-model-check';
import { repairReadModel } from './read-model-repair';

/**
 * The safety net: every `VERIFY_INTERVAL_MS` the projector checks the whole read model against the
 * command side (tolerating lag up to `VERIFY_LAG_TOLERANCE_MS`), reports what differs as a metric and
 * a log line, and re-projects the affected items from the event store. The command side is reached
 * through a connection of its own to the command database (DATABASE_URL), never the read one.
 */
@Injectable()
export class ScheduledVerify implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule: PeriodicTask<ReadModelReport | undefined>;
  private readonly found;
  private readonly repaired;
  private readonly runs;
  private readonly databases: VerifyDatabases;

  constructor(
    @Inject(READ_DATABASE) read: Database,
    @Inject(VERIFY_COMMAND_DATABASE) command: Database,
    private readonly redis: Redis,
    private readonly cache: AvailabilityCache,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.databases = { read, command };
    this.found = metrics.gauge('read_model_discrepancies', 'Discrepancies found by the last check', ['kind']);
    this.repaired = metrics.counter('read_model_repairs_total', 'Items re-projected from the event store');
    this.runs = metrics.counter('read_model_checks_total', 'Scheduled read-model checks', ['outcome']);
    this.schedule = new PeriodicTask(
      { name: 'read-model-verify', intervalMs: config.verify.intervalMs },
      () => this.run(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.verify.intervalMs > 0) this.schedule.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.schedule.stop();
    await this.databases.command.close();
  }

  async run(lagToleranceMs = this.config.verify.lagToleranceMs): Promise<ReadModelReport | undefined> {
    try {
      const report = await retryLockConflicts(() =>
        checkReadModel(this.databases, { lagToleranceMs, redis: this.redis }),
      );
      this.found.reset();
      for (const { kind } of report.discrepancies) this.found.inc({ kind });
      if (report.discrepancies.length > 0) {
        this.logger.warn(
          { discrepancies: report.discrepancies.slice(0, 50), count: report.discrepancies.length },
          'read model differs from the command side; re-projecting the affected items',
        );
        const skus = await repairReadModel(this.databases, report.discrepancies);
        await this.cache.refresh(skus);
        this.repaired.inc(skus.length);
      }
      this.runs.inc({ outcome: report.discrepancies.length > 0 ? 'repaired' : 'clean' });
      return report;
    } catch (error) {
      this.runs.inc({ outcome: 'failed' });
      this.logger.warn({ err: error }, 'read-model check failed; next run as scheduled');
      return undefined;
    }
  }
}

const LOCK_CONFLICT_ATTEMPTS = 3;

/**
 * The check reads across tables a rebuild's swap locks; when PostgreSQL picks the check as a deadlock
 * victim (or its lock wait times out) nothing was changed, so it simply runs again — as the swap does.
 */
async function retryLockConflicts<T>(check: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await check();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= LOCK_CONFLICT_ATTEMPTS || (code !== '40P01' && code !== '55P03')) throw error;
    }
  }
}
