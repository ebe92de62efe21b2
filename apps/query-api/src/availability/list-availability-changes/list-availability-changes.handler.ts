import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AvailabilityChange, AvailabilityChangesResponse } from '@inventory/contracts';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { isoMillis } from '../../shared/iso-time';
import { ChangeHorizon, horizonSql } from './change-horizon';
import { encodeChangesCursor } from './changes-cursor';
import { ListAvailabilityChangesQuery } from './list-availability-changes.query';

const CHANGES = `
  WITH horizon AS (${horizonSql('$5', '$6')})
  SELECT v.sku, v.store_id AS "storeId", v.on_hand AS "onHand", v.reserved, v.available, v.version,
         ${isoMillis('v.updated_at')} AS "changedAt", v.change_seq::text AS "changeSeq",
         h.seq::text AS horizon
    FROM horizon h
    LEFT JOIN read.availability_view v
      ON v.change_seq > $1 AND v.change_seq <= h.seq AND v.updated_at >= $2
     AND ($3::text IS NULL OR v.store_id = $3)
   ORDER BY v.change_seq
   LIMIT $4`;

type ChangeRow = AvailabilityChange & { changeSeq: string | null; horizon: string };

/**
 * The incremental-sync feed (seeds/001): items whose availability changed, oldest change first, after
 * the client's cursor and up to the horizon below which no change can still appear (see
 * ChangeHorizon). A page shorter than `limit` means the client has caught up; its `nextCursor` then
 * moves to the horizon, so the next poll skips rows it has already filtered out.
 */
@QueryHandler(ListAvailabilityChangesQuery)
export class ListAvailabilityChangesHandler implements IQueryHandler<
  ListAvailabilityChangesQuery,
  AvailabilityChangesResponse
> {
  constructor(
    @Inject(READ_DATABASE) private readonly database: Database,
    private readonly horizon: ChangeHorizon,
  ) {}

  async execute(query: ListAvailabilityChangesQuery): Promise<AvailabilityChangesResponse> {
    const [nextXids, seqs] = this.horizon.parameters();
    const rows = await this.database.query<ChangeRow>(CHANGES, [
      String(query.afterSeq),
      query.since.toISOString(),
      query.storeId ?? null,
      query.limit,
      nextXids,
      seqs,
    ]);
    const items = rows
      .filter((row) => row.changeSeq !== null)
      .map(({ changeSeq: _seq, horizon: _horizon, ...item }) => item);
    const last = rows.at(-1)?.changeSeq ?? null;
    const horizon = BigInt(rows[0]!.horizon);
    const caughtUp = items.length < query.limit;
    const position = caughtUp ? max(horizon, query.afterSeq) : BigInt(last!);
    return { items, nextCursor: position > 0n ? encodeChangesCursor(position) : null };
  }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
