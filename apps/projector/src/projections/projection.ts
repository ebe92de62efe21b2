import type { ConsumedEvent } from '@inventory/messaging';
import type { Sql } from '@inventory/persistence';

/** What to do once the transaction committed (e.g. update Redis); never part of the exactly-once effect. */
export type AfterCommit = () => Promise<void>;

/** The schema live reads are served from; a rebuild writes a shadow schema of the same shape. */
export const LIVE_SCHEMA = 'read';

/**
 * A read model fed by Kafka topics. `write` gets only events it has not applied yet, inside the
 * transaction that also moves its checkpoint, and writes them into the tables of `schema`.
 */
export interface Projection {
  readonly name: string;
  readonly topics: readonly string[];
  /** The tables it owns, rebuilt as a whole by a rebuild. */
  readonly tables: readonly string[];
  write(tx: Sql, events: ConsumedEvent[], schema: string): Promise<AfterCommit | void>;
}
