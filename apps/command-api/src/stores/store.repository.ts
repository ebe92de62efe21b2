import { Injectable } from '@nestjs/common';
import { evolveStore, initialStoreState, type StoreEvent, type StoreState } from '@inventory/domain';
import { columns, prepared, type CommandTx } from '@inventory/persistence';
import { lockOne, type BatchRows, type RootKind, type RowNeeds } from '../command-store/batch-rows';
import { storeEvent } from '../command-store/event-routing';
import { Repository } from '../command-store/repository';

const LOCK_STORES = prepared(`
  SELECT store_id, name, latency_ms, active, version FROM command.stores
   WHERE store_id = ANY($1::text[]) ORDER BY store_id FOR UPDATE`);

/** Plain INSERTs: two first registrations racing make one fail on the key, and it runs again. */
const INSERT_STORES = prepared(`
  INSERT INTO command.stores (store_id, name, latency_ms, active, version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[], $5::int[])`);

export const STORES: RootKind<StoreState> = {
  name: 'store',
  initial: initialStoreState,
  idOf: (store) => store.storeId,
  async lock(tx, ids) {
    const { rows } = await tx.later<{
      store_id: string;
      name: string;
      latency_ms: number;
      active: boolean;
      version: number;
    }>(LOCK_STORES, [ids]);
    return new Map(
      rows.map((row) => [
        row.store_id,
        {
          storeId: row.store_id,
          name: row.name,
          latencyMs: row.latency_ms,
          active: row.active,
          version: row.version,
        },
      ]),
    );
  },
  // A store never changes once registered.
  write(tx, inserted) {
    if (inserted.length === 0) return;
    const fields = columns(
      inserted,
      (s) => s.storeId,
      (s) => s.name,
      (s) => s.latencyMs,
      (s) => s.active,
    );
    tx.defer(INSERT_STORES, [...fields, inserted.map((s) => s.version)]);
  },
};

@Injectable()
export class StoreRepository extends Repository<string, StoreState, StoreEvent> {
  load(tx: CommandTx, storeId: string): Promise<StoreState> {
    return lockOne(tx, STORES, storeId);
  }

  save(tx: CommandTx, before: StoreState, after: StoreState): void {
    if (before.version === 0 && after.version > 0) STORES.write(tx, [after], []);
  }

  needs(storeId: string): RowNeeds {
    return { roots: [{ kind: STORES, id: storeId }] };
  }

  view(rows: BatchRows, storeId: string): StoreState {
    return rows.root(STORES, storeId);
  }

  keep(rows: BatchRows, _before: StoreState, after: StoreState): void {
    rows.keepRoot(STORES, after);
  }

  fold(state: StoreState, events: StoreEvent[]): StoreState {
    return events.reduce(evolveStore, state);
  }

  route(event: StoreEvent) {
    return storeEvent(event);
  }
}
