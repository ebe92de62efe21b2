import { Injectable } from '@nestjs/common';
import { PROJECTION_TOPICS } from '@inventory/contracts';
import type { ConsumedEvent } from '@inventory/messaging';
import { stockStatus } from '../availability/availability.sql';
import type { Projection, ProjectionWrites } from '../projections/projection';

export const CATALOG_PROJECTION = 'catalog';

interface StoreRegistered {
  storeId: string;
  name: string;
  latencyMs: number;
  version: number;
}

interface ProductCreated {
  sku: string;
  name: string;
  lowStockThreshold: number;
  version: number;
}

const upsertStores = (schema: string) => `
  INSERT INTO ${schema}.store_view AS v (store_id, name, latency_ms, version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
  ON CONFLICT (store_id) DO UPDATE
    SET name = EXCLUDED.name, latency_ms = EXCLUDED.latency_ms, version = EXCLUDED.version, updated_at = now()
    WHERE v.version < EXCLUDED.version`;

/**
 * Name and threshold of a product; its totals come from the availability projection. Rows are locked
 * in SKU order, as the availability projection locks them: the two cannot deadlock.
 */
const upsertProducts = (schema: string) => `
  INSERT INTO ${schema}.product_totals_view AS p (sku, name, low_stock_threshold, status)
  SELECT sku, name, threshold, ${stockStatus('0', 'threshold')}
    FROM unnest($1::text[], $2::text[], $3::int[]) AS t (sku, name, threshold)
   ORDER BY sku
  ON CONFLICT (sku) DO UPDATE
    SET name = EXCLUDED.name, low_stock_threshold = EXCLUDED.low_stock_threshold,
        status = ${stockStatus('p.total_available', 'EXCLUDED.low_stock_threshold')}, updated_at = now()`;

/** Stores and products as registered: `read.store_view` and the catalogue columns of product totals. */
@Injectable()
export class CatalogProjection implements Projection {
  readonly name = CATALOG_PROJECTION;
  readonly topics = PROJECTION_TOPICS.catalog;
  readonly tables = ['store_view'];

  write(tx: ProjectionWrites, events: ConsumedEvent[], schema: string): void {
    const stores = latestById(events, 'StoreRegistered', (s: StoreRegistered) => s.storeId);
    const products = latestById(events, 'ProductCreated', (p: ProductCreated) => p.sku);
    if (stores.length > 0) {
      tx.defer(upsertStores(schema), [
        stores.map((s) => s.storeId),
        stores.map((s) => s.name),
        stores.map((s) => s.latencyMs),
        stores.map((s) => s.version),
      ]);
    }
    if (products.length > 0) {
      tx.defer(upsertProducts(schema), [
        products.map((p) => p.sku),
        products.map((p) => p.name),
        products.map((p) => p.lowStockThreshold),
      ]);
    }
  }
}

function latestById<P extends { version: number }>(
  events: ConsumedEvent[],
  type: string,
  idOf: (payload: P) => string,
): P[] {
  const latest = new Map<string, P>();
  for (const { envelope } of events) {
    if (envelope.eventType !== type) continue;
    const payload = envelope.payload as unknown as P;
    const known = latest.get(idOf(payload));
    if (!known || known.version < payload.version) latest.set(idOf(payload), payload);
  }
  return [...latest.values()];
}
