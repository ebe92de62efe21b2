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
