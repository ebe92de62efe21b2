import { Injectable } from '@nestjs/common';
import {
  foldProductWithStock,
  initialProductState,
  initialStock,
  type ProductDecisionEvent,
  type ProductState,
  type ProductWithStock,
} from '@inventory/domain';
import { columns, prepared, type CommandTx } from '@inventory/persistence';
import { lockOne, type BatchRows, type RootKind, type RowNeeds } from '../command-store/batch-rows';
import { productEvent } from '../command-store/event-routing';
import { Repository } from '../command-store/repository';
import { lockStock, saveStock } from '../stock/stock-item.repository';
import { fewestUnits, STORE_TOTALS, storeTotals } from '../stock/stock-rows';
import { routeWithStock } from '../stock/with-stock.repository';

export interface ProductIds {
  sku: string;
  /** The command places initial stock: find the store it goes to and lock that item. */
  placeStock: boolean;
}

const LOCK_PRODUCTS = prepared(`
  SELECT sku, name, low_stock_threshold, version FROM command.products
   WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`);

const INSERT_PRODUCTS = prepared(`
  INSERT INTO command.products (sku, name, low_stock_threshold, version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])`);

export const PRODUCTS: RootKind<ProductState> = {
  name: 'product',
  initial: initialProductState,
  idOf: (product) => product.sku,
  async lock(tx, skus) {
    const { rows } = await tx.later<{
      sku: string;
      name: string;
      low_stock_threshold: number;
      version: number;
    }>(LOCK_PRODUCTS, [skus]);
    return new Map(
      rows.map(({ sku, name, low_stock_threshold: lowStockThreshold, version }) => [
        sku,
        { sku, name, lowStockThreshold, version },
      ]),
    );
  },
  // A product never changes once created.
  write(tx, inserted) {
    if (inserted.length === 0) return;
    tx.defer(
      INSERT_PRODUCTS,
      columns(
        inserted,
        (p) => p.sku,
        (p) => p.name,
        (p) => p.lowStockThreshold,
        (p) => p.version,
      ),
    );
  },
};

/** The store holding the fewest units in total, where a new product's first stock goes. */
async function lowestStockStore(tx: CommandTx): Promise<string | null> {
  const { rows } = await tx.query<{ store_id: string; latency_ms: number; on_hand: number }>(STORE_TOTALS);
  return fewestUnits(storeTotals(rows));
}

const NO_STOCK = () => initialStock({ stores: {}, thresholds: {} });

/** A product with the item its initial stock goes to: the product row first, then that item. */
@Injectable()
export class ProductRepository extends Repository<ProductIds, ProductWithStock, ProductDecisionEvent> {
  async load(tx: CommandTx, { sku, placeStock }: ProductIds): Promise<ProductWithStock> {
    const root = await lockOne(tx, PRODUCTS, sku);
    // An existing product is refused before any stock is looked at.
    const placement = placeStock && root.version === 0 ? await lowestStockStore(tx) : null;
    const stock = placement === null ? NO_STOCK() : await lockStock(tx, [{ storeId: placement, sku }]);
    return { root, stock, placement };
  }

  save(tx: CommandTx, before: ProductWithStock, after: ProductWithStock): void {
    if (before.root.version === 0 && after.root.version > 0) PRODUCTS.write(tx, [after.root], []);
    saveStock(tx, before.stock, after.stock);
  }

  /** Every item of the SKU is locked: wherever the first stock goes, its row (if any) is held. */
  needs({ sku, placeStock }: ProductIds): RowNeeds {
    const root = { roots: [{ kind: PRODUCTS, id: sku }] };
    return placeStock ? { ...root, everyStoreOf: [sku], storeTotals: true } : root;
  }

  view(rows: BatchRows, { sku, placeStock }: ProductIds): ProductWithStock {
    const root = rows.root(PRODUCTS, sku);
    const placement = placeStock && root.version === 0 ? rows.fewestUnitsStore() : null;
    const stock = placement === null ? NO_STOCK() : rows.stock([{ storeId: placement, sku }]);
    return { root, stock, placement };
  }

  keep(rows: BatchRows, before: ProductWithStock, after: ProductWithStock): void {
    rows.keepRoot(PRODUCTS, after.root);
    rows.keepStock(before.stock, after.stock);
  }

  fold(state: ProductWithStock, events: ProductDecisionEvent[]): ProductWithStock {
    return foldProductWithStock(state, events);
  }

  route(event: ProductDecisionEvent) {
    return routeWithStock(event, productEvent);
  }
}
