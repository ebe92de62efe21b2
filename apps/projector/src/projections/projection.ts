import type { ConsumedEvent } from '@inventory/messaging';
import type { CommandTx } from '@inventory/persistence';

/** What to do once the transaction committed (e.g. update Redis); never part of the exactly-once effect. */
export type AfterCommit = () => Promise<void>;

/** The schema live reads are served from; a rebuild writes a shadow schema of the same shape. */
export const LIVE_SCHEMA = 'read';

/**
 * Where a projection queues its writes: they travel in one round trip with the checkpoint's move and
 * COMMIT (a batch is two round trips, not one per statement).
 */
export type ProjectionWrites = Pick<CommandTx, 'defer'>;

/**
 * A read model fed by Kafka topics. `write` gets only events it has not applied yet, inside the
 * transaction that also moves its checkpoint, and queues their writes into the tables of `schema`.
 */
export interface Projection {
  readonly name: string;
  readonly topics: readonly string[];
  /** The tables it owns, rebuilt as a whole by a rebuild. */
  readonly tables: readonly string[];
  write(tx: ProjectionWrites, events: ConsumedEvent[], schema: string): AfterCommit | void;
}
