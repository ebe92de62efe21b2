import type pg from 'pg';
import { HttpClient } from './http-client.ts';
import { hotSkuOf, pick, skuOf, type Dataset } from './dataset.ts';
import { until } from './seed.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The hot SKU: never more sold than there was, and what is left is exactly what was not sold. */
export async function notOversold(db: pg.Pool, data: Dataset, stock: number, sold: number): Promise<Check> {
  const { rows } = await db.query<{ on_hand: number; lowest: number }>(
    'SELECT coalesce(sum(on_hand), 0)::int AS on_hand, coalesce(min(on_hand), 0)::int AS lowest FROM command.stock_items WHERE sku = $1',
    [hotSkuOf(data)],
  );
  const { on_hand, lowest } = rows[0]!;
  return {
    name: 'hot SKU not oversold',
    ok: sold <= stock && on_hand === stock - sold && lowest >= 0,
    detail: `stock ${stock}, purchases acknowledged ${sold}, left ${on_hand} (expected ${stock - sold}), lowest store ${lowest}`,
  };
}

/**
 * Every command a load process saw acknowledged (2xx) has its outcome stored under its key and its
 * events in the event store; nothing else under the scenario's keys succeeded.
 */
export async function nothingLost(
  db: pg.Pool,
  scenario: string,
  keyPrefix: string,
  acknowledged: number,
): Promise<Check> {
  const pattern = `${keyPrefix}-%`;
  const { rows } = await db.query<{ stored: number; with_events: number }>(
    `SELECT (SELECT count(*)::int FROM command.idempotency_keys
              WHERE principal = 'dev' AND key LIKE $1 AND status BETWEEN 200 AND 299) AS stored,
            (SELECT count(DISTINCT metadata->>'idempotencyKey')::int FROM command.events
              WHERE metadata->>'idempotencyKey' LIKE $1) AS with_events`,
    [pattern],
  );
  const { stored, with_events } = rows[0]!;
  return {
    name: `${scenario}: acknowledged commands all stored`,
    ok: stored === acknowledged && with_events === acknowledged,
    detail: `acknowledged ${acknowledged}, outcomes stored ${stored}, with events ${with_events}`,
  };
}

/** Every outbox row written during the run was published; none was refused. */
export async function outboxDelivered(db: pg.Pool, since: Date): Promise<Check> {
  let pending = { waiting: 0, failed: 0 };
  const read = async () => {
    const { rows } = await db.query<{ waiting: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE published_at IS NULL AND failed_at IS NULL)::int AS waiting,
              count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed
         FROM command.outbox WHERE created_at >= $1`,
      [since],
    );
    pending = rows[0]!;
    return pending.waiting === 0;
  };
  await until('outbox drained', read, 120_000).catch(() => undefined);
  return {
    name: 'every event of the run published',
    ok: pending.waiting === 0 && pending.failed === 0,
    detail: `unpublished ${pending.waiting}, refused ${pending.failed}`,
  };
}

/**
 * The read side converges on the command side: `samples` random items (and the hot SKU) show, through
 * the gateway, the onHand and version the command schema holds.
 */
export async function readSideMatches(
  baseUrl: string,
  db: pg.Pool,
  data: Dataset,
  samples: number,
): Promise<Check> {
  const client = new HttpClient(baseUrl, 8);
  const skus = [
    ...new Set([hotSkuOf(data), ...Array.from({ length: samples }, () => skuOf(data, pick(data.skus)))]),
  ];
  let rows: Array<{ store_id: string; sku: string; on_hand: number; version: number }> = [];
  let differing: string[] = [];
  // The command side is read again on every attempt: reservations taken by the commands scenario
  // expire while the check runs, and each expiry moves an item on both sides.
  const compare = async () => {
    ({ rows } = await db.query<{ store_id: string; sku: string; on_hand: number; version: number }>(
      `SELECT store_id, sku, on_hand, version FROM command.stock_items WHERE sku = ANY($1::text[])`,
      [skus],
    ));
    differing = [];
    for (const sku of skus) {
      const answer = await client.get(`/v1/availability?sku=${encodeURIComponent(sku)}`);
      const shown =
        answer.status === 200
          ? (
              JSON.parse(answer.body) as {
                perStore: Array<{ storeId: string; onHand: number; version: number }>;
              }
            ).perStore
          : [];
      for (const row of rows.filter((r) => r.sku === sku)) {
        const seen = shown.find((s) => s.storeId === row.store_id);
        if (seen?.onHand !== row.on_hand || seen.version !== row.version)
          differing.push(
            `${row.store_id}/${sku}: command v${row.version} onHand ${row.on_hand}, read ${seen ? `v${seen.version} onHand ${seen.onHand}` : 'missing'}`,
          );
      }
    }
    return differing.length === 0;
  };
  await until('read side converged', compare, 120_000, 1000).catch(() => undefined);
  client.close();
  return {
    name: 'read side matches the command side',
    ok: differing.length === 0,
    detail:
      differing.length === 0
        ? `${rows.length} items of ${skus.length} SKUs compared`
        : `${differing.length} differ, e.g. ${differing.slice(0, 3).join('; ')}`,
  };
}
