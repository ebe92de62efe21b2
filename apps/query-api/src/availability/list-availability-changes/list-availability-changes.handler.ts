import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AvailabilityChange, AvailabilityChangesResponse } from '@inventory/contracts';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { isoMillis } from '../../shared/iso-time';
import { ChangeHorizon, horizonSql } from './change-horizon';
import { encodeChangesCursor } from './changes-cursor';
import { ListAvailabilityChangesQuery } from './list-availability-changes.query';

/**
 * One row: the horizon, and the page as JSON. The horizon is an InitPlan rather than a join so that
 * the page is an ordered scan of the change_seq index that stops at `limit`.
 */
const CHANGES = `
  WITH horizon AS MATERIALIZED (${horizonSql('$5', '$6')}),
  page AS (
    SELECT v.sku, v.store_id, v.on_hand, v.reserved, v.available, v.version, v.updated_at, v.change_seq
      FROM read.availability_view v
     WHERE v.change_seq > $1 AND v.change_seq <= (SELECT seq FROM horizon) AND v.updated_at >= $2
       AND ($3::text IS NULL OR v.store_id = $3)
     ORDER BY v.change_seq
     LIMIT $4)
  SELECT (SELECT seq FROM horizon)::text AS horizon,
         (SELECT max(change_seq) FROM page)::text AS "lastSeq",
         coalesce((SELECT json_agg(json_build_object(
           'sku', p.sku, 'storeId', p.store_id, 'onHand', p.on_hand, 'reserved', p.reserved,
           'available', p.available, 'version', p.version, 'changedAt', ${isoMillis('p.updated_at')})
           ORDER BY p.change_seq) FROM page p), '[]') AS items`;

interface ChangesPage {
  horizon: string;
  lastSeq: string | null;
  items: AvailabilityChange[];
}

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
    const [page] = await this.database.query<ChangesPage>(CHANGES, [
      String(query.afterSeq),
      query.since.toISOString(),
      query.storeId ?? null,
      query.limit,
      nextXids,
      seqs,
    ]);
    const { items, lastSeq } = page!;
    const position =
      items.length < query.limit ? max(BigInt(page!.horizon), query.afterSeq) : BigInt(lastSeq!);
    return { items, nextCursor: position > 0n ? encodeChangesCursor(position) : null };
  }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
