import type { PurchasePolicy, StockAlertEvent, StockPurchased } from './stock-item.events';
import { changeStock } from './stock-change';
import { DomainError } from '../shared/domain-error';
import { available, type StockItemState } from './stock-item.state';

export interface PurchaseCandidate {
  item: StockItemState;
  latencyMs: number;
}

export interface Purchase {
  type: 'Purchase';
  data: {
    sku: string;
    qty: number;
    customerId: string | null;
    policy: PurchasePolicy;
    threshold: number;
    /** The store the previous round-robin purchase of this SKU used. */
    lastRoundRobinStore: string | null;
  };
}

export class NoStoreCanServe extends DomainError {
  readonly code = 'STOCK.INSUFFICIENT';
  readonly kind = 'conflict';

  constructor(sku: string, requested: number, bestAvailable: number, totalAvailable: number) {
    super(`no store has ${requested} of ${sku} available (the most any store has is ${bestAvailable})`, {
      sku,
      requested,
      available: bestAvailable,
      totalAvailable,
    });
  }
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
  }
}

/** Sells `qty` from one store chosen by policy; never oversells, emits nothing when refused. */
export function decidePurchase(
  command: Purchase,
  candidates: PurchaseCandidate[],
): { storeId: string; events: Array<StockPurchased | StockAlertEvent> } {
  const { sku, qty, customerId, policy, threshold, lastRoundRobinStore } = command.data;
  const chosen = chooseStore(policy, candidates, qty, lastRoundRobinStore);
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
  const events = changeStock(
    item,
    { onHand: item.onHand - qty, reserved: item.reserved },
    threshold,
    (levels) => ({
      type: 'StockPurchased',
      data: { ...levels, qty, customerId, policy },
    }),
  );
  return { storeId: item.storeId, events };
}
