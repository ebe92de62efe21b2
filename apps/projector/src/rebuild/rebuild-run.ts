import type { ConsumerRunner } from '@inventory/messaging';
import type { Checkpoint } from '../projections/checkpoints';
import type { PartitionEnds } from '../projections/kafka-offsets';
import type { Projection } from '../projections/projection';
import { appliedTotal, positionsOf, remaining } from '../projections/positions';
import { EventRate } from '../status/event-rate';
import type { RebuildLock } from './rebuild-lock';
import { rebuildProgress, type RebuildProgress } from './rebuild-progress';

/** preparing → replaying (into the shadow schema) → swapping (live consumers paused) → warming (Redis). */
export type RebuildPhase = 'preparing' | 'replaying' | 'swapping' | 'warming';

export interface RebuildStatus extends RebuildProgress {
  id: string;
  phase: RebuildPhase;
  startedAt: string;
  eventsPerSecond: number;
}

export interface RebuildOutcome {
  id: string;
  outcome: 'completed' | 'failed';
  startedAt: string;
  finishedAt: string;
  error: string | null;
  /** Events replayed into the new tables (every projection, from the start of its topics). */
  eventsApplied: number;
  /** `eventsApplied` over the replay's duration. */
  eventsPerSecond: number;
  /** How long the live consumers were stopped for the swap and the Redis refill (null if never). */
  livePausedMs: number | null;
}

export const rebuildGroupId = (projection: Projection, id: string) =>
  `projector.${projection.name}.rebuild.${id}`;
export const REBUILD_GROUP = /^projector\.[^.]+\.rebuild\./;

export const endsOf = (ends: readonly PartitionEnds[], projection: Projection) =>
  ends.filter((partition) => projection.topics.includes(partition.topic));

/** One rebuild in flight: its consumers, and how far each projection got in the shadow schema. */
export class RebuildRun {
  phase: RebuildPhase = 'preparing';
  /** End offsets when the replay started: what progress is measured against. */
  targets: PartitionEnds[] = [];
  readonly consumers: ConsumerRunner[] = [];
  replayFrom?: number;
  /** When the replay reached the end of the log (live consumers paused) and how much it applied. */
  replayedAt?: number;
  eventsApplied = 0;
  pausedAt?: number;
  resumedAt?: number;
  private shadow: Checkpoint[] = [];
  private readonly rates = new Map<string, EventRate>();

  constructor(
    readonly id: string,
    readonly startedAt: Date,
    readonly lock: RebuildLock,
    private readonly projections: readonly Projection[],
  ) {}

  /** Sum of every shadow checkpoint: grows with each event replayed. */
  get position(): bigint {
    return this.shadow.reduce((sum, checkpoint) => sum + checkpoint.nextOffset, 0n);
  }

  /** Records the shadow checkpoints just read. */
  observe(at: number, shadow: Checkpoint[]): void {
    this.shadow = shadow;
    for (const projection of this.projections) {
      const positions = positionsOf(shadow, projection.name);
      this.rateOf(projection).record(at, appliedTotal(endsOf(this.targets, projection), positions));
    }
  }

  /** Events up to `ends` the shadow projections have not applied yet. */
  behind(ends: readonly PartitionEnds[]): bigint {
    return this.projections.reduce(
      (sum, projection) =>
        sum + remaining(endsOf(ends, projection), positionsOf(this.shadow, projection.name)),
      0n,
    );
  }

  /** The replay reached `ends`: how many events it applied in all. */
  replayed(ends: readonly PartitionEnds[]): void {
    this.replayedAt = Date.now();
    this.eventsApplied = this.projections.reduce(
      (sum, projection) =>
        sum +
        rebuildProgress(endsOf(ends, projection), positionsOf(this.shadow, projection.name), 0).eventsApplied,
      0,
    );
  }

  outcome(failure: unknown, now = new Date()): RebuildOutcome {
    const replayMs =
      this.replayFrom !== undefined && this.replayedAt !== undefined ? this.replayedAt - this.replayFrom : 0;
    return {
      id: this.id,
      outcome: failure === null ? 'completed' : 'failed',
      startedAt: this.startedAt.toISOString(),
      finishedAt: now.toISOString(),
      error: failure === null ? null : failure instanceof Error ? failure.message : String(failure),
      eventsApplied: this.eventsApplied,
      eventsPerSecond: replayMs > 0 ? Math.round((this.eventsApplied / replayMs) * 1000) : 0,
      livePausedMs: this.pausedAt === undefined ? null : (this.resumedAt ?? now.getTime()) - this.pausedAt,
    };
  }

  /** The replay's current rate, all projections together. */
  eventsPerSecond(): number {
    return this.projections.reduce((sum, projection) => sum + this.rateOf(projection).perSecond(), 0);
  }

  status(projection: Projection): RebuildStatus {
    const eventsPerSecond = this.rateOf(projection).perSecond();
    const progress = rebuildProgress(
      endsOf(this.targets, projection),
      positionsOf(this.shadow, projection.name),
      eventsPerSecond,
    );
    const preparing = this.phase === 'preparing';
    return {
      id: this.id,
      phase: this.phase,
      startedAt: this.startedAt.toISOString(),
      ...progress,
      progressPercent: preparing ? 0 : progress.progressPercent,
      etaSeconds: preparing ? null : progress.etaSeconds,
      eventsPerSecond,
    };
  }

  private rateOf(projection: Projection): EventRate {
    let rate = this.rates.get(projection.name);
    if (!rate) this.rates.set(projection.name, (rate = new EventRate()));
    return rate;
  }
}
