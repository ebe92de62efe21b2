import { Injectable } from '@nestjs/common';
import {
  foldTransferWithStock,
  initialTransferState,
  type TransferDecisionEvent,
  type TransferEvent,
  type TransferLine,
  type TransferState,
  type TransferWithStock,
} from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import type { PoolClient } from 'pg';
import { transferEvent } from '../command-store/event-routing';
import { WithStockRepository } from '../stock/with-stock.repository';

interface TransferRow {
  from_store: string;
  to_store: string;
  lines: TransferLine[];
  status: TransferState['status'];
  failure_reason: string | null;
  version: number;
}

/** A transfer with the stock rows of its lines (every saga step locks the transfer row first). */
@Injectable()
export class TransferRepository extends WithStockRepository<'transfer', TransferState, TransferEvent> {
  fold(state: TransferWithStock, events: TransferDecisionEvent[]): TransferWithStock {
    return foldTransferWithStock(state, events);
  }

  protected initialRoot(transferId: string): TransferState {
    return initialTransferState(transferId);
  }

  protected async lockRoot(tx: CommandTx, transferId: string): Promise<TransferState | undefined> {
    const { rows } = await tx.query<TransferRow>(
      `SELECT from_store, to_store, lines, status, failure_reason, version
         FROM command.transfers WHERE transfer_id = $1 FOR UPDATE`,
      [transferId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      transferId,
      fromStore: row.from_store,
      toStore: row.to_store,
      lines: row.lines,
      status: row.status,
      failureReason: row.failure_reason,
      version: row.version,
    };
  }

  protected saveRoot(tx: CommandTx, state: TransferState, isNew: boolean): void {
    if (isNew) {
      tx.defer(
        `INSERT INTO command.transfers (transfer_id, from_store, to_store, lines, status, version)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          state.transferId,
          state.fromStore,
          state.toStore,
          JSON.stringify(state.lines),
          state.status,
          state.version,
        ],
      );
      return;
    }
    tx.defer(
      `UPDATE command.transfers SET status = $2, failure_reason = $3, version = $4, updated_at = now()
        WHERE transfer_id = $1`,
      [state.transferId, state.status, state.failureReason, state.version],
    );
  }

  protected routeRoot(event: TransferEvent) {
    return transferEvent(event);
  }
}

/** Transfers left in transit (a crash between saga steps) for longer than `olderThanMs`. */
export async function stuckTransfers(tx: PoolClient, olderThanMs: number, limit: number): Promise<string[]> {
  const { rows } = await tx.query<{ transfer_id: string }>(
    `SELECT transfer_id FROM command.transfers
      WHERE status = 'IN_TRANSIT' AND updated_at < now() - make_interval(secs => $1 / 1000.0)
      ORDER BY updated_at LIMIT $2`,
    [olderThanMs, limit],
  );
  return rows.map((row) => row.transfer_id);
}
