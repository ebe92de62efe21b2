import type { StockAlertEvent, StockChangeEvent, StockLevels } from './stock-item.events';
import { InsufficientStock, StockLimitExceeded } from './stock-item.errors';
import { available, MAX_ON_HAND, type StockItemState } from './stock-item.state';

type Band = 'out' | 'low' | 'ok';

function band(availableQty: number, threshold: number): Band {
  if (availableQty <= 0) return 'out';
  return availableQty <= threshold ? 'low' : 'ok';
}

/** The alert, if any, for `available` moving from one band to another. */
function alertFor(before: Band, after: number, threshold: number, levels: StockLevels): StockAlertEvent[] {
  const [from, to] = [before, band(after, threshold)];
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
  const before = state.version === 0 ? 'ok' : band(available(state), threshold);
  const alerts = alertFor(before, changed.available, threshold, changed);
  return [build(changed), ...alerts];
}
