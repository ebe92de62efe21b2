import { initialStoreState, type StoreState } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';

export async function loadStoreForUpdate(tx: CommandTx, storeId: string): Promise<StoreState> {
  const { rows } = await tx.query<{ name: string; latency_ms: number; active: boolean; version: number }>(
    `SELECT name, latency_ms, active, version FROM command.stores WHERE store_id = $1 FOR UPDATE`,
    [storeId],
  );
  const row = rows[0];
  if (!row) return initialStoreState(storeId);
  return { storeId, name: row.name, latencyMs: row.latency_ms, active: row.active, version: row.version };
}

/** A plain INSERT: two first registrations racing make one fail on the key, and the command store retries it. */
export function insertStore(tx: CommandTx, state: StoreState): void {
  tx.defer(
    `INSERT INTO command.stores (store_id, name, latency_ms, active, version) VALUES ($1, $2, $3, $4, $5)`,
    [state.storeId, state.name, state.latencyMs, state.active, state.version],
  );
}
