import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@inventory/contracts';
import {
  evolveTransfer,
  initialTransferState,
  type TransferEvent,
  type TransferState,
} from '@inventory/domain';
import type { BatchContext, ConsumedEvent } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { SAVE_CHECKPOINT } from '../checkpoints/checkpoint.sql';

const UPSERT = `
  INSERT INTO read.transfer_view AS v (transfer_id, from_store, to_store, lines, status, failure_reason, version)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::int[])
  ON CONFLICT (transfer_id) DO UPDATE
    SET status = EXCLUDED.status, failure_reason = EXCLUDED.failure_reason, version = EXCLUDED.version,
        updated_at = now()
    WHERE v.version < EXCLUDED.version`;

const UPDATE_STATUS = `
  UPDATE read.transfer_view v
     SET status = t.status, failure_reason = t.failure_reason, version = t.version, updated_at = now()
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t (transfer_id, status, failure_reason, version)
   WHERE v.transfer_id = t.transfer_id AND v.version < t.version`;

/** `read.transfer_view`: each transfer's saga state, applied with its checkpoint in one transaction. */
@Injectable()
export class TransferProjection {
  readonly name = 'transfers';
  readonly topics = [TOPICS.transfer];

  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async apply(events: ConsumedEvent[], context: BatchContext): Promise<void> {
    const byId = new Map<string, { full: boolean; state: TransferState }>();
    for (const { envelope } of events) {
      const event = { type: envelope.eventType, data: envelope.payload } as unknown as TransferEvent;
      const id = event.data.transferId;
      const known = byId.get(id) ?? { full: false, state: initialTransferState(id) };
      if (event.data.version <= known.state.version) continue;
      byId.set(id, {
        full: known.full || event.type === 'TransferInitiated',
        state: evolveTransfer(known.state, event),
      });
    }
    const full = [...byId.values()].filter((c) => c.full).map((c) => c.state);
    const partial = [...byId.values()].filter((c) => !c.full).map((c) => c.state);
    const lastEventAt = events.at(-1)?.envelope.occurredAt ?? null;
    await this.database.transaction(async (tx) => {
      if (full.length > 0) {
        await tx.query(UPSERT, [
          full.map((s) => s.transferId),
          full.map((s) => s.fromStore),
          full.map((s) => s.toStore),
          full.map((s) => JSON.stringify(s.lines)),
          full.map((s) => s.status),
          full.map((s) => s.failureReason),
          full.map((s) => s.version),
        ]);
      }
      if (partial.length > 0) {
        await tx.query(UPDATE_STATUS, [
          partial.map((s) => s.transferId),
          partial.map((s) => s.status),
          partial.map((s) => s.failureReason),
          partial.map((s) => s.version),
        ]);
      }
      await tx.query(SAVE_CHECKPOINT, [
        this.name,
        context.topic,
        context.partition,
        context.nextOffset,
        lastEventAt,
      ]);
    });
  }
}
