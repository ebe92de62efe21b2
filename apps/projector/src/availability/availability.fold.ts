import type { StockLevels } from '@inventory/domain';
import type { ConsumedEvent } from '@inventory/messaging';

export interface AvailabilityRow extends StockLevels {
  lastEventAt: string;
}

const STOCK_LEVEL_FIELDS = ['storeId', 'sku', 'onHand', 'reserved', 'available', 'version'] as const;

function carriesLevels(payload: Record<string, unknown>): boolean {
  return STOCK_LEVEL_FIELDS.every((field) => field in payload);
}

/**
 * Reduces a batch to the newest levels of each item. Every stock event carries the item's resulting
 * numbers, so only the highest version per item matters and the fold is order- and redelivery-proof.
 */
export function latestLevels(events: ConsumedEvent[]): AvailabilityRow[] {
  const latest = new Map<string, AvailabilityRow>();
  for (const { envelope } of events) {
    if (!carriesLevels(envelope.payload)) continue;
    const levels = envelope.payload as unknown as StockLevels;
    const id = `${levels.storeId}\u0000${levels.sku}`;
    const known = latest.get(id);
    if (known && known.version >= levels.version) continue;
    const { storeId, sku, onHand, reserved, available, version } = levels;
    latest.set(id, { storeId, sku, onHand, reserved, available, version, lastEventAt: envelope.occurredAt });
  }
  return [...latest.values()];
}
