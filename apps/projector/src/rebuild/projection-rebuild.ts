import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER, ProblemError } from '@inventory/platform';
import type { Logger } from 'pino';
import { AvailabilityCache } from '../availability/availability.cache';
import { readCheckpoints } from '../projections/checkpoints';
import { KafkaOffsets, type PartitionEnds } from '../projections/kafka-offsets';
import type { Projection } from '../projections/projection';
import { PROJECTIONS } from '../projections/projections';
import { ProjectorRunner } from '../projector.runner';
import { LastErrors } from '../status/last-errors';
import { nearlyCaughtUp } from './rebuild-progress';
import { RebuildLock } from './rebuild-lock';
import {
  REBUILD_GROUP,
  rebuildGroupId,
  RebuildRun,
  type RebuildOutcome,
  type RebuildStatus,
} from './rebuild-run';
import { createShadow, dropShadow, SHADOW_SCHEMA, swapShadow } from './shadow-schema';

const POLL_MS = 250;
/** A replay whose checkpoints do not move for this long has failed. */
const STALL_MS = 120_000;
/** Longest the live consumers stay paused waiting for the replay's last events. */
const FINAL_CATCH_UP_MS = 60_000;
const SWAP_ATTEMPTS = 3;

export interface RebuildStarted {
  id: string;
  state: 'rebuilding';
  startedAt: string;
}

class ShuttingDown extends Error {
  constructor() {
    super('the projector is shutting down');
  }
}

/**
 * Rebuilds every projection without downtime: replays the topics from their start into a shadow
 * schema with fresh consumer groups while the live projections keep running and reads keep being
 * served from `read`; once the replay is near the end of the log, pauses the live consumers, lets the
 * replay reach the offsets Kafka has then, swaps the shadow tables and checkpoints in (one
 * transaction), refills Redis, and resumes the live consumers. Their committed offsets trail the new
 * checkpoints, so apply-once skips what the replay already applied: no offset reset is needed.
 */
@Injectable()
export class ProjectionRebuild implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private run?: RebuildRun;
  private running?: Promise<void>;
  private starting = false;
  private shuttingDown = false;
  private last: RebuildOutcome | null = null;
  private readonly tables: string[];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly runner: ProjectorRunner,
    private readonly offsets: KafkaOffsets,
    private readonly cache: AvailabilityCache,
    private readonly lastErrors: LastErrors,
  ) {
    this.tables = [...new Set(projections.flatMap((projection) => projection.tables))];
  }

  /**
   * A shadow schema and consumer groups left by a rebuild whose process died are dropped, unless a
   * rebuild is running.
   */
  async onApplicationBootstrap(): Promise<void> {
    const lock = await RebuildLock.tryAcquire(this.database);
    if (!lock) return;
    try {
      await dropShadow(this.database);
      const leftovers = (await this.offsets.groups()).filter((group) => REBUILD_GROUP.test(group));
      if (leftovers.length > 0) await this.offsets.deleteGroups(leftovers);
    } catch (error) {
      this.logger.warn({ err: error }, 'rebuild leftovers not cleaned up; the next start tries again');
    } finally {
      await lock.release();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.running;
  }

  get lastOutcome(): RebuildOutcome | null {
    return this.last;
  }

  /** This process's rebuild in flight, as `projection` sees it. */
  statusOf(projection: Projection): RebuildStatus | null {
    return this.run?.status(projection) ?? null;
  }

  async start(): Promise<RebuildStarted> {
    if (this.run || this.starting) throw alreadyRunning(this.run?.id);
    this.starting = true;
    try {
      const lock = await RebuildLock.tryAcquire(this.database);
      if (!lock) throw alreadyRunning();
      const run = new RebuildRun(randomUUID(), new Date(), lock, this.projections);
      this.run = run;
      this.running = this.execute(run);
      return { id: run.id, state: 'rebuilding', startedAt: run.startedAt.toISOString() };
    } finally {
      this.starting = false;
    }
  }

  private async execute(run: RebuildRun): Promise<void> {
    const log = this.logger.child({ rebuild: run.id });
    let failure: unknown = null;
    try {
      await this.replayAndSwap(run, log);
    } catch (error) {
      failure = error;
      await this.abandon(run, error, log);
    }
    await this.offsets
      .deleteGroups(this.projections.map((projection) => rebuildGroupId(projection, run.id)))
      .catch((error: unknown) => log.warn({ err: error }, 'rebuild: consumer groups not deleted'));
    await run.lock.release();
    this.last = run.outcome(failure);
    this.run = undefined;
    log.info(this.last, `rebuild: ${this.last.outcome}`);
  }

  private async replayAndSwap(run: RebuildRun, log: Logger): Promise<void> {
    const step = stepTimer(log);
    await createShadow(this.database, this.tables);
    run.targets = await this.offsets.ends(this.topics());
    step('rebuild: shadow schema created', { tables: this.tables, eventsTotal: eventsIn(run.targets) });
    run.phase = 'replaying';
    run.replayFrom = Date.now();
    for (const projection of this.projections) {
      const consumer = this.runner.consumer(projection, rebuildGroupId(projection, run.id), SHADOW_SCHEMA);
      run.consumers.push(consumer);
      await consumer.start();
    }
    await this.follow(run, STALL_MS, async () => {
      return nearlyCaughtUp(run.behind(await this.offsets.ends(this.topics())), run.eventsPerSecond());
    });
    step('rebuild: replay caught up; pausing the live consumers');

    run.phase = 'swapping';
    run.pausedAt = Date.now();
    await Promise.all(this.projections.map((projection) => this.runner.stopLive(projection)));
    const finalEnds = await this.offsets.ends(this.topics());
    step('rebuild: live consumers paused');
    // The live projections wait on this: poll faster.
    await this.follow(run, FINAL_CATCH_UP_MS, () => Promise.resolve(run.behind(finalEnds) === 0n), 20);
    run.replayed(finalEnds);
    step('rebuild: replay reached the end of the log', { eventsApplied: run.eventsApplied });
    await this.stopConsumers(run);
    step('rebuild: replay consumers stopped');
    await this.swap(log);
    step('rebuild: tables swapped in');

    run.phase = 'warming';
    await this.cache.warm('replace').catch((error: unknown) => this.recordError(run, error, log));
    step('rebuild: Redis refilled from the new tables');
    await this.resumeLive(log);
    run.resumedAt = Date.now();
    step('rebuild: live consumers resumed');
  }

  /** Leaves things as they were: no rebuild consumers, no shadow schema, live consumers running. */
  private async abandon(run: RebuildRun, error: unknown, log: Logger): Promise<void> {
    log.error({ err: error }, 'rebuild: failed; dropping the shadow schema and resuming the live consumers');
    if (!(error instanceof ShuttingDown)) this.recordError(run, error, log);
    await this.stopConsumers(run);
    await dropShadow(this.database).catch((dropError: unknown) =>
      log.warn({ err: dropError }, 'rebuild: shadow schema not dropped; the next start drops it'),
    );
    await this.resumeLive(log);
    if (run.pausedAt !== undefined) run.resumedAt = Date.now();
  }

  /** Polls the shadow checkpoints until `done`; fails when they stop moving for `stallMs`. */
  private async follow(
    run: RebuildRun,
    stallMs: number,
    done: () => Promise<boolean>,
    pollMs = POLL_MS,
  ): Promise<void> {
    let movedAt = Date.now();
    let lastPosition = -1n;
    for (;;) {
      if (this.shuttingDown) throw new ShuttingDown();
      const now = Date.now();
      run.observe(now, await readCheckpoints(this.database, SHADOW_SCHEMA, this.names()));
      if (await done()) return;
      if (run.position > lastPosition) [movedAt, lastPosition] = [now, run.position];
      if (now - movedAt > stallMs) throw new Error(`the replay made no progress for ${stallMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async swap(log: Logger): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await swapShadow(this.database, this.tables, this.names());
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Lock timeout or deadlock with readers: nothing changed; try again.
        if (code !== '55P03' && code !== '40P01') throw error;
        if (attempt >= SWAP_ATTEMPTS) {
          throw new Error(
            `the read tables could not be locked for the swap (${attempt} tries; a long-running query may ` +
              `hold one of them); nothing was changed`,
          );
        }
        log.warn({ err: error, attempt }, 'rebuild: swap waited too long for readers; retrying');
      }
    }
  }

  private async stopConsumers(run: RebuildRun): Promise<void> {
    await Promise.all(run.consumers.map((consumer) => consumer.stop().catch(() => undefined)));
    run.consumers.length = 0;
  }

  /** Starts every live consumer that is not running, retrying until Kafka lets it (or shutdown). */
  private async resumeLive(log: Logger): Promise<void> {
    for (let pause = 500; !this.shuttingDown; pause = Math.min(pause * 2, 5000)) {
      try {
        await Promise.all(this.projections.map((projection) => this.runner.startLive(projection)));
        return;
      } catch (error) {
        log.warn({ err: error }, 'rebuild: live consumers not resumed yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private recordError(run: RebuildRun, error: unknown, log: Logger): void {
    const message = `rebuild ${run.id}: ${error instanceof Error ? error.message : String(error)}`;
    log.warn({ err: error }, 'rebuild: error');
    for (const projection of this.projections) this.lastErrors.record(projection.name, message);
  }

  private topics(): string[] {
    return [...new Set(this.projections.flatMap((projection) => projection.topics))];
  }

  private names(): string[] {
    return this.projections.map((projection) => projection.name);
  }
}

/** Logs each step with the milliseconds it took. */
function stepTimer(log: Logger): (message: string, details?: object) => void {
  let since = Date.now();
  return (message, details = {}) => {
    const now = Date.now();
    log.info({ ...details, ms: now - since }, message);
    since = now;
  };
}

function eventsIn(ends: readonly PartitionEnds[]): number {
  return ends.reduce((sum, partition) => sum + Number(partition.high - partition.low), 0);
}

function alreadyRunning(id?: string): ProblemError {
  return new ProblemError(
    409,
    'REBUILD.RUNNING',
    id ? `rebuild ${id} is running; follow it in GET /v1/projections/status` : 'a rebuild is running',
    id ? { rebuildId: id } : {},
  );
}
