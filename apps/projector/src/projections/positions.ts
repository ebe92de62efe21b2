import type { Checkpoint } from './checkpoints';
import type { PartitionEnds } from './kafka-offsets';

/** A projection's checkpoint per partition, keyed by `topic` and `partition`. */
export type Positions = ReadonlyMap<string, bigint>;

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export function positionsOf(checkpoints: readonly Checkpoint[], projection: string): Positions {
  return new Map(
    checkpoints
      .filter((checkpoint) => checkpoint.projection === projection)
      .map((checkpoint) => [keyOf(checkpoint.topic, checkpoint.partition), checkpoint.nextOffset]),
  );
}

/** Where a projection stands in a partition: its checkpoint, or the log's start if it has none yet. */
export function positionIn(ends: PartitionEnds, positions: Positions): bigint {
  const checkpoint = positions.get(keyOf(ends.topic, ends.partition)) ?? 0n;
  return checkpoint > ends.low ? checkpoint : ends.low;
}

/** Events on Kafka up to `ends` that the projection has not applied yet. */
export function remaining(ends: readonly PartitionEnds[], positions: Positions): bigint {
  return ends.reduce((sum, partition) => {
    const behind = partition.high - positionIn(partition, positions);
    return behind > 0n ? sum + behind : sum;
  }, 0n);
}

/** Sum of the positions over `ends`' partitions: grows by one per event applied. */
export function appliedTotal(ends: readonly PartitionEnds[], positions: Positions): bigint {
  return ends.reduce((sum, partition) => sum + positionIn(partition, positions), 0n);
}
