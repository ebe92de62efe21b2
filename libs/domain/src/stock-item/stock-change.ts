import { ProductNotFound } from '../product/product.errors';
import { StoreNotFound } from '../store/store.errors';
import type { StockAlertEvent, StockChangeEvent, StockItemEvent, StockLevels } from './stock-item.events';
import { InsufficientStock, StockLimitExceeded } from './stock-item.errors';
import {
  available,
  evolveStockItem,
  itemIn,
  itemKey,
  MAX_ON_HAND,
  type ItemKey,
  type Stock,
  type StockItemState,
} from './stock-item.state';

export type StockBand = 'out' | 'low' | 'ok';

/**
 * The one stock-band rule, as data so the read side's SQL is built from it too: `available` at or
 * below a band's bound (0, or the product's low-stock threshold) is in that band, lowest bound first;
 * above them all it is `ok`.
 */
export const STOCK_BANDS = [
  { band: 'out', atOrBelow: 'zero' },
  { band: 'low', atOrBelow: 'threshold' },
] as const satisfies ReadonlyArray<{ band: StockBand; atOrBelow: 'zero' | 'threshold' }>;

export function stockBand(availableQty: number, threshold: number): StockBand {
  const hit = STOCK_BANDS.find(({ atOrBelow }) => availableQty <= (atOrBelow === 'zero' ? 0 : threshold));
  return hit?.band ?? 'ok';
}

/** The alert, if any, for `available` moving from one band to another. */
function alertFor(
  before: StockBand,
  after: number,
  threshold: number,
  levels: StockLevels,
): StockAlertEvent[] {
  const [from, to] = [before, stockBand(after, threshold)];
  if (from === to) return [];
  const data = { ...levels, threshold };
  if (to === 'out') return [{ type: 'StockDepleted', data }];
  if (to === 'low') return [{ type: 'StockLow', data }];
  return [{ type: 'StockReplenished', data }];
}

export interface StockChange {
  onHand: number;
  reserved: number;
}

/**
 * The one place a stock item's numbers change: checks the invariants (0 ≤ reserved ≤ onHand ≤ limit),
 * numbers the change event with the next version, and adds a low-stock alert when `available` crosses
 * the product's threshold. An alert describes the same version as the change (it is not a change
 * itself), so versions count changes and If-Match users see no gaps. A new item starts as if it were
 * well stocked: its first stock is not a "replenishment", but a first stock at or below the threshold
 * is low.
 */
export function changeStock<E extends StockChangeEvent>(
  state: StockItemState,
  next: StockChange,
  threshold: number,
  build: (levels: StockLevels) => E,
): Array<E | StockAlertEvent> {
  if (next.onHand > MAX_ON_HAND) throw new StockLimitExceeded(state.storeId, state.sku, MAX_ON_HAND);
  if (next.reserved < 0 || next.onHand < next.reserved) {
    const requested = Math.max(state.onHand - next.onHand, next.reserved - state.reserved);
    throw new InsufficientStock(state.storeId, state.sku, requested, available(state));
  }
  const changed: StockLevels = {
    storeId: state.storeId,
    sku: state.sku,
    onHand: next.onHand,
    reserved: next.reserved,
    available: next.onHand - next.reserved,
    version: state.version + 1,
  };
  const before = state.version === 0 ? 'ok' : stockBand(available(state), threshold);
  const alerts = alertFor(before, changed.available, threshold, changed);
  return [build(changed), ...alerts];
}

export function thresholdOf(stock: Stock, sku: string): number {
  const threshold = stock.thresholds.get(sku);
  if (threshold === undefined) throw new ProductNotFound(sku);
  return threshold;
}

export function requireStore(stock: Stock, storeId: string): void {
  if (!stock.stores.has(storeId)) throw new StoreNotFound(storeId);
}

/** Every store, then every product a command names must exist, checked in that order. */
export function requireItems(stock: Stock, keys: ItemKey[]): void {
  for (const key of keys) requireStore(stock, key.storeId);
  for (const key of keys) thresholdOf(stock, key.sku);
}

export interface StockLine {
  sku: string;
  qty: number;
}

export const linesAt = (storeId: string, lines: StockLine[]): ItemKey[] =>
  lines.map(({ sku }) => ({ storeId, sku }));

/**
 * Applies `change` to each line's item in one store, in order, each line seeing the lines before it;
 * a refusal on any line throws, so a multi-line command applies all its lines or none. `stock` is
 * left as it was.
 */
export function changeLines(
  stock: Stock,
  storeId: string,
  lines: StockLine[],
  change: (item: StockItemState, line: StockLine, threshold: number) => StockItemEvent[],
): StockItemEvent[] {
  const changed = new Map<string, StockItemState>();
  return lines.flatMap((line) => {
    const key = itemKey(storeId, line.sku);
    const item = changed.get(key) ?? itemIn(stock, storeId, line.sku);
    const events = change(item, line, thresholdOf(stock, line.sku));
    changed.set(key, events.reduce(evolveStockItem, item));
    return events;
  });
}
