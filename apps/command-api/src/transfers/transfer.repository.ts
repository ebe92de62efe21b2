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
import { columns, prepared } from '@inventory/persistence';
import type { PoolClient } from 'pg';
import type { RootKind } from '../command-store/batch-rows';
import { transferEvent } from '../command-store/event-routing';
import { WithStockRepository } from '../stock/with-stock.repository';
import { storedLines } from '../shared/stored-lines';

interface TransferRow {
  transfer_id: string;
  from_store: string;
  to_store: string;
  lines: TransferLine[];
  status: TransferState['status'];
  failure_reason: string | null;
  version: number;
}

const LOCK_TRANSFERS = prepared(`
  SELECT transfer_id, from_store, to_store, lines, status, failure_reason, version
    FROM command.transfers WHERE transfer_id = ANY($1::uuid[]) ORDER BY transfer_id FOR UPDATE`);

const SAVE_TRANSFERS = prepared(`
  WITH updated AS (
    UPDATE command.transfers t
       SET status = u.status, failure_reason = u.failure_reason, version = u.version, updated_at = now()
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS u (transfer_id, status, failure_reason, version)
     WHERE t.transfer_id = u.transfer_id
  )
  INSERT INTO command.transfers (transfer_id, from_store, to_store, lines, status, failure_reason, version)
  SELECT * FROM unnest($5::uuid[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::text[], $11::int[])`);

const TRANSFERS: RootKind<TransferState> = {
  name: 'transfer',
  initial: initialTransferState,
  idOf: (transfer) => transfer.transferId,
  async lock(tx, ids) {
    const { rows } = await tx.later<TransferRow>(LOCK_TRANSFERS, [ids]);
    return new Map(
      rows.map((row) => [
        row.transfer_id,
        {
          transferId: row.transfer_id,
          fromStore: row.from_store,
          toStore: row.to_store,
          lines: storedLines(row.lines),
          status: row.status,
          failureReason: row.failure_reason,
          version: row.version,
        },
      ]),
    );
  },
  write(tx, inserted, updated) {
    const [id, status, failureReason, version] = [
      (t: TransferState) => t.transferId,
      (t: TransferState) => t.status,
      (t: TransferState) => t.failureReason,
      (t: TransferState) => t.version,
    ];
    tx.defer(SAVE_TRANSFERS, [
      ...columns(updated, id, status, failureReason, version),
      ...columns(
        inserted,
        id,
        (t) => t.fromStore,
        (t) => t.toStore,
        (t) => JSON.stringify(t.lines),
      ),
      ...columns(inserted, status, failureReason, version),
    ]);
  },
};

/** A transfer with the stock rows of its lines (every saga step locks the transfer row first). */
@Injectable()
export class TransferRepository extends WithStockRepository<'transfer', TransferState, TransferEvent> {
  protected readonly kind = TRANSFERS;

  fold(state: TransferWithStock, events: TransferDecisionEvent[]): TransferWithStock {
    return foldTransferWithStock(state, events);
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
