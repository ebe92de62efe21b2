import type { Checkpoint } from '../projections/checkpoints';
import type { PartitionEnds } from '../projections/kafka-offsets';
import type { Projection } from '../projections/projection';
import { positionIn, positionsOf } from '../projections/positions';
import type { RebuildOutcome, RebuildStatus } from '../rebuild/rebuild-run';
import type { LastError } from './last-errors';

export interface PartitionStatus {
  topic: string;
  partition: number;
  /** Offset the next event on Kafka will get. */
  endOffset: number;
  /** Offset of the next event the projection will apply. */
  checkpoint: number;
  /** Events on Kafka not applied yet. */
  consumerLag: number;
}

export interface ProjectionStatus {
  name: string;
  /** `rebuilding` while a rebuild runs; `stopped` when its live consumer is not running. */
  state: 'live' | 'rebuilding' | 'stopped';
  topics: string[];
  partitions: PartitionStatus[];
  consumerLag: number;
  /** How long the oldest event on Kafka not yet applied has waited; 0 when caught up. */
  lagMs: number;
  eventsPerSecond: number;
  lastError: LastError | null;
  rebuild: RebuildStatus | null;
}

export interface ProjectionsStatus {
  /** When the offsets were read from Kafka and the checkpoints from PostgreSQL. */
  sampledAt: string;
  projections: ProjectionStatus[];
  lastRebuild: RebuildOutcome | null;
}

/** Per partition of `projection`'s topics: Kafka's end offset against its live checkpoint. */
export function partitionStatuses(
  projection: Projection,
  ends: readonly PartitionEnds[],
  checkpoints: readonly Checkpoint[],
): PartitionStatus[] {
  const positions = positionsOf(checkpoints, projection.name);
  return ends
    .filter((partition) => projection.topics.includes(partition.topic))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map((partition) => {
      const checkpoint = positionIn(partition, positions);
      const behind = partition.high - checkpoint;
      return {
        topic: partition.topic,
        partition: partition.partition,
        endOffset: Number(partition.high),
        checkpoint: Number(checkpoint),
        consumerLag: behind > 0n ? Number(behind) : 0,
      };
    });
}
