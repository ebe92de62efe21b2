import { Injectable } from '@nestjs/common';
import {
  foldProductWithStock,
  initialProductState,
  initialStock,
  type ProductDecisionEvent,
  type ProductState,
  type ProductWithStock,
} from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { productEvent } from '../command-store/event-routing';
import { Repository } from '../command-store/repository';
import { lockStock, saveStock } from '../stock/stock-item.repository';
import { routeWithStock } from '../stock/with-stock.repository';

export interface ProductIds {
  sku: string;
  /** The command places initial stock: find the store it goes to and lock that item. */
  placeStock: boolean;
}

/**
 * The store holding the fewest units in total, where a new product's first stock goes; ties go to the
 * faster store, then the lower id, so the choice is deterministic.
 */
async function lowestStockStore(tx: CommandTx): Promise<string | null> {
  const { rows } = await tx.query<{ store_id: string }>(
    `SELECT s.store_id
       FROM command.stores s
       LEFT JOIN command.stock_items i ON i.store_id = s.store_id
      WHERE s.active
      GROUP BY s.store_id, s.latency_ms
      ORDER BY coalesce(sum(i.on_hand), 0), s.latency_ms, s.store_id
      LIMIT 1`,
  );
  return rows[0]?.store_id ?? null;
}

async function lockProduct(tx: CommandTx, sku: string): Promise<ProductState> {
  const { rows } = await tx.query<{ name: string; low_stock_threshold: number; version: number }>(
    `SELECT name, low_stock_threshold, version FROM command.products WHERE sku = $1 FOR UPDATE`,
    [sku],
  );
  const row = rows[0];
  if (!row) return initialProductState(sku);
  return { sku, name: row.name, lowStockThreshold: row.low_stock_threshold, version: row.version };
}

/** A product with the item its initial stock goes to: the product row first, then that item. */
@Injectable()
export class ProductRepository extends Repository<ProductIds, ProductWithStock, ProductDecisionEvent> {
  async load(tx: CommandTx, { sku, placeStock }: ProductIds): Promise<ProductWithStock> {
    const root = await lockProduct(tx, sku);
    // An existing product is refused before any stock is looked at.
    const placement = placeStock && root.version === 0 ? await lowestStockStore(tx) : null;
    const stock =
      placement === null
        ? initialStock({ stores: {}, thresholds: {} })
        : await lockStock(tx, [{ storeId: placement, sku }]);
    return { root, stock, placement };
  }

  save(tx: CommandTx, before: ProductWithStock, after: ProductWithStock): void {
    if (before.root.version === 0 && after.root.version > 0) {
      const { sku, name, lowStockThreshold, version } = after.root;
      tx.defer(
        `INSERT INTO command.products (sku, name, low_stock_threshold, version) VALUES ($1, $2, $3, $4)`,
        [sku, name, lowStockThreshold, version],
      );
    }
    saveStock(tx, before.stock, after.stock);
  }

  fold(state: ProductWithStock, events: ProductDecisionEvent[]): ProductWithStock {
    return foldProductWithStock(state, events);
  }

  route(event: ProductDecisionEvent) {
    return routeWithStock(event, productEvent);
  }
}
