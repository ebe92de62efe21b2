import { Injectable } from '@nestjs/common';
import { evolveStore, initialStoreState, type StoreEvent, type StoreState } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { storeEvent } from '../command-store/event-routing';
import { Repository } from '../command-store/repository';

@Injectable()
export class StoreRepository extends Repository<string, StoreState, StoreEvent> {
  async load(tx: CommandTx, storeId: string): Promise<StoreState> {
    const { rows } = await tx.query<{ name: string; latency_ms: number; active: boolean; version: number }>(
      `SELECT name, latency_ms, active, version FROM command.stores WHERE store_id = $1 FOR UPDATE`,
      [storeId],
    );
    const row = rows[0];
    if (!row) return initialStoreState(storeId);
    return { storeId, name: row.name, latencyMs: row.latency_ms, active: row.active, version: row.version };
  }

  /** A plain INSERT: two first registrations racing make one fail on the key, and the command store retries it. */
  save(tx: CommandTx, before: StoreState, after: StoreState): void {
    if (before.version > 0 || after.version === 0) return;
    tx.defer(
      `INSERT INTO command.stores (store_id, name, latency_ms, active, version) VALUES ($1, $2, $3, $4, $5)`,
      [after.storeId, after.name, after.latencyMs, after.active, after.version],
    );
  }

  fold(state: StoreState, events: StoreEvent[]): StoreState {
    return events.reduce(evolveStore, state);
  }

  route(event: StoreEvent) {
    return storeEvent(event);
  }
}
