import type { PartitionEnds } from '../projections/kafka-offsets';
import { positionIn, type Positions } from '../projections/positions';

export interface RebuildProgress {
  /** Events of the rebuild's target (the log as it was when the rebuild started) applied so far. */
  eventsApplied: number;
  eventsTotal: number;
  /** 0–100, one decimal; 100 once the target is reached. */
  progressPercent: number;
  /** At the observed rate; null until there is a rate to go by. */
  etaSeconds: number | null;
}

/** How far a shadow projection got towards `targets`, the end offsets sampled at the start. */
export function rebuildProgress(
  targets: readonly PartitionEnds[],
  positions: Positions,
  eventsPerSecond: number,
): RebuildProgress {
  let total = 0n;
  let applied = 0n;
  for (const target of targets) {
    const position = positionIn(target, positions);
    total += target.high - target.low;
    applied += (position < target.high ? position : target.high) - target.low;
  }
  const left = Number(total - applied);
  return {
    eventsApplied: Number(applied),
    eventsTotal: Number(total),
    progressPercent: total === 0n ? 100 : Number((applied * 1000n) / total) / 10,
    etaSeconds: left === 0 ? 0 : eventsPerSecond > 0 ? Math.ceil(left / eventsPerSecond) : null,
  };
}

/** Few enough to wait for in any case. */
const SMALL_BACKLOG = 100;
/** The live projections pause while the replay covers what is left: about this long at most. */
const FINAL_STRETCH_SECONDS = 0.25;

/**
 * Whether the replay is close enough to the log's end to pause the live projections: what it has left
 * would take it at most a quarter of a second at its current rate (or is a handful of events).
 */
export function nearlyCaughtUp(behind: bigint, eventsPerSecond: number): boolean {
  return behind <= SMALL_BACKLOG || Number(behind) <= eventsPerSecond * FINAL_STRETCH_SECONDS;
}
