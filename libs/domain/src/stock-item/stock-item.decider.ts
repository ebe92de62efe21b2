import { assertExpectedVersion } from '../shared/domain-error';
import type { Decider } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { changeStock, requireItems, requireStore, thresholdOf } from './stock-change';
import type { AdjustmentReason, PurchasePolicy, StockItemEvent } from './stock-item.events';
import { CountBelowReserved, NoStoreCanServe, ZeroAdjustment } from './stock-item.errors';
import {
  available,
  evolveStock,
  initialStock,
  itemIn,
  type Catalog,
  type Stock,
  type StockItemState,
} from './stock-item.state';

export interface AdjustStock {
  type: 'AdjustStock';
  data: { storeId: string; sku: string; delta: number; reason: AdjustmentReason; expectedVersion?: number };
}

export interface CountStock {
  type: 'CountStock';
  data: { storeId: string; sku: string; onHand: number; countRef: string; expectedVersion?: number };
}

export interface Purchase {
  type: 'Purchase';
  data: { sku: string; qty: number; customerId: string | null; policy: PurchasePolicy };
}

/** An external count of one store, its lines in SKU order. */
export interface ReconcileStock {
  type: 'ReconcileStock';
  data: {
    reconciliationId: string;
    storeId: string;
    source: string;
    counts: Array<{ sku: string; counted: number }>;
  };
}

export type StockCommand = AdjustStock | CountStock | Purchase | ReconcileStock;

/**
 * A relative change. Stock may never drop below what is reserved: units promised to a reservation
 * cannot be written off by an adjustment.
 */
function adjustStock(command: AdjustStock, stock: Stock): StockItemEvent[] {
  const { storeId, sku, delta, reason, expectedVersion } = command.data;
  requireItems(stock, [{ storeId, sku }]);
  const item = itemIn(stock, storeId, sku);
  assertExpectedVersion(expectedVersion, item.version);
  if (delta === 0) throw new ZeroAdjustment();
  return changeStock(
    item,
    { onHand: item.onHand + delta, reserved: item.reserved },
    thresholdOf(stock, sku),
    (levels) => ({ type: 'StockAdjusted', data: { ...levels, delta, reason } }),
  );
}

/** An absolute recount. A count below what is reserved is refused: those units are promised. */
function countStock(command: CountStock, stock: Stock): StockItemEvent[] {
  const { storeId, sku, onHand, countRef, expectedVersion } = command.data;
  requireItems(stock, [{ storeId, sku }]);
  const item = itemIn(stock, storeId, sku);
  assertExpectedVersion(expectedVersion, item.version);
  if (onHand < item.reserved) throw new CountBelowReserved(storeId, sku, onHand, item.reserved);
  return changeStock(item, { onHand, reserved: item.reserved }, thresholdOf(stock, sku), (levels) => ({
    type: 'StockCounted',
    data: { ...levels, previousOnHand: item.onHand, delta: onHand - item.onHand, countRef },
  }));
}

export interface PurchaseCandidate {
  item: StockItemState;
  latencyMs: number;
}

const byStoreId = (a: PurchaseCandidate, b: PurchaseCandidate) =>
  a.item.storeId.localeCompare(b.item.storeId);

/** Picks the store a purchase is served from; only stores that can serve the whole quantity qualify. */
export function chooseStore(
  policy: PurchasePolicy,
  candidates: PurchaseCandidate[],
  qty: number,
  lastRoundRobinStore: string | null,
): PurchaseCandidate | undefined {
  const able = candidates.filter((c) => available(c.item) >= qty).sort(byStoreId);
  switch (policy) {
    case 'highest-available':
      return able.reduce<PurchaseCandidate | undefined>(
        (best, c) => (!best || available(c.item) > available(best.item) ? c : best),
        undefined,
      );
    case 'lowest-latency':
      return able.reduce<PurchaseCandidate | undefined>(
        (best, c) =>
          !best ||
          c.latencyMs < best.latencyMs ||
          (c.latencyMs === best.latencyMs && available(c.item) > available(best.item))
            ? c
            : best,
        undefined,
      );
    case 'round-robin':
      return (
        able.find((c) => lastRoundRobinStore === null || c.item.storeId > lastRoundRobinStore) ?? able[0]
      );
    default:
      return assertNever(policy);
  }
}

/** The SKU's stocked items in active stores: where a purchase may be served from. */
function candidatesFor(stock: Stock, sku: string): PurchaseCandidate[] {
  return [...stock.items.values()]
    .filter((item) => item.sku === sku && stock.stores.has(item.storeId))
    .map((item) => ({ item, latencyMs: stock.stores.get(item.storeId)! }));
}

/** Sells `qty` from one store chosen by policy; never oversells, emits nothing when refused. */
function purchase(command: Purchase, stock: Stock): StockItemEvent[] {
  const { sku, qty, customerId, policy } = command.data;
  const threshold = thresholdOf(stock, sku);
  const candidates = candidatesFor(stock, sku);
  const chosen = chooseStore(policy, candidates, qty, stock.lastRoundRobin.get(sku) ?? null);
  if (!chosen) {
    const amounts = candidates.map((c) => available(c.item));
    throw new NoStoreCanServe(
      sku,
      qty,
      Math.max(0, ...amounts),
      amounts.reduce((sum, a) => sum + a, 0),
    );
  }
  const { item } = chosen;
  return changeStock(item, { onHand: item.onHand - qty, reserved: item.reserved }, threshold, (levels) => ({
    type: 'StockPurchased',
    data: { ...levels, qty, customerId, policy },
  }));
}

/** What became of one line of a reconciliation. */
export type ReconciledLine = { sku: string; counted: number } & (
  | { result: 'unknown-product' }
  | { result: 'matched' | 'applied'; previousOnHand: number; events: StockItemEvent[] }
  | { result: 'refused'; previousOnHand: number; error: CountBelowReserved }
);

/**
 * The rules of an external count, line by line: an unknown product and a count below what is reserved
 * (those units are promised) are reported and change nothing; a count equal to on hand is a match; any
 * other count sets on hand (StockReconciled). The other lines apply whatever one line's fate.
 */
export function reconcileLines(command: ReconcileStock, stock: Stock): ReconciledLine[] {
  const { storeId, reconciliationId, source, counts } = command.data;
  requireStore(stock, storeId);
  return counts.map(({ sku, counted }): ReconciledLine => {
    if (!stock.thresholds.has(sku)) return { sku, counted, result: 'unknown-product' };
    const item = itemIn(stock, storeId, sku);
    const previousOnHand = item.onHand;
    if (counted === previousOnHand) return { sku, counted, result: 'matched', previousOnHand, events: [] };
    if (counted < item.reserved) {
      const error = new CountBelowReserved(storeId, sku, counted, item.reserved);
      return { sku, counted, result: 'refused', previousOnHand, error };
    }
    const events = changeStock(
      item,
      { onHand: counted, reserved: item.reserved },
      thresholdOf(stock, sku),
      (levels) => ({
        type: 'StockReconciled',
        data: { ...levels, previousOnHand, discrepancy: counted - previousOnHand, reconciliationId, source },
      }),
    );
    return { sku, counted, result: 'applied', previousOnHand, events };
  });
}

function reconcileStock(command: ReconcileStock, stock: Stock): StockItemEvent[] {
  return reconcileLines(command, stock).flatMap((line) => ('events' in line ? line.events : []));
}

export function decideStock(command: StockCommand, stock: Stock): StockItemEvent[] {
  switch (command.type) {
    case 'AdjustStock':
      return adjustStock(command, stock);
    case 'CountStock':
      return countStock(command, stock);
    case 'Purchase':
      return purchase(command, stock);
    case 'ReconcileStock':
      return reconcileStock(command, stock);
    default:
      return assertNever(command);
  }
}

export const stockItemDecider: Decider<StockCommand, StockItemEvent, Stock, Catalog> = {
  initialState: initialStock,
  evolve: evolveStock,
  decide: decideStock,
};
