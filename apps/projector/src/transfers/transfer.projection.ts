import { PROJECTION_TOPICS } from '@inventory/contracts';
import {
  evolveTransfer,
  initialTransferState,
  type TransferEvent,
  type TransferState,
} from '@inventory/domain';
import type { Provider } from '@nestjs/common';
import { StatusViewProjection, type StatusViewSpec } from '../status-views/status-view';

const spec: StatusViewSpec<TransferState, TransferEvent> = {
  name: 'transfers',
  topics: PROJECTION_TOPICS.transfers,
  table: 'transfer_view',
  creation: 'TransferInitiated',
  idOf: (event) => event.data.transferId,
  initial: (id) => initialTransferState(id),
  evolve: evolveTransfer,
  upsert: {
    sql: (schema) => `
      INSERT INTO ${schema}.transfer_view AS v (transfer_id, from_store, to_store, lines, status, failure_reason, version)
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::int[])
      ON CONFLICT (transfer_id) DO UPDATE
        SET status = EXCLUDED.status, failure_reason = EXCLUDED.failure_reason, version = EXCLUDED.version,
            updated_at = now()
        WHERE v.version < EXCLUDED.version`,
    columns: (states) => [
      states.map((s) => s.transferId),
      states.map((s) => s.fromStore),
      states.map((s) => s.toStore),
      states.map((s) => JSON.stringify(s.lines)),
      states.map((s) => s.status),
      states.map((s) => s.failureReason),
      states.map((s) => s.version),
    ],
  },
  update: {
    sql: (schema) => `
      UPDATE ${schema}.transfer_view v
         SET status = t.status, failure_reason = t.failure_reason, version = t.version, updated_at = now()
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t (transfer_id, status, failure_reason, version)
       WHERE v.transfer_id = t.transfer_id AND v.version < t.version`,
    columns: (states) => [
      states.map((s) => s.transferId),
      states.map((s) => s.status),
      states.map((s) => s.failureReason),
      states.map((s) => s.version),
    ],
  },
};

export class TransferProjection extends StatusViewProjection<TransferState, TransferEvent> {}

/** `read.transfer_view`: each transfer's saga state. */
export const transferProjectionProvider: Provider = {
  provide: TransferProjection,
  useFactory: () => new TransferProjection(spec),
};
