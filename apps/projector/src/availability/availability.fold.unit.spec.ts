import type { ConsumedEvent } from '@inventory/messaging';
import { latestLevels } from './availability.fold';

function stockEvent(
  storeId: string,
  sku: string,
  version: number,
  onHand: number,
  offset: number,
): ConsumedEvent {
  return {
    topic: 'stock.events',
    partition: 0,
    offset: String(offset),
    key: `${storeId}:${sku}`,
    timestamp: 0,
    envelope: {
      eventId: `00000000-0000-4000-8000-${String(offset).padStart(12, '0')}`,
      eventType: 'StockAdjusted',
      eventVersion: 1,
      occurredAt: new Date(offset * 1000).toISOString(),
      aggregate: { type: 'stock-item', id: `${storeId}:${sku}`, version },
      payload: { storeId, sku, delta: 1, reason: 'restock', onHand, reserved: 0, available: onHand, version },
      metadata: {},
    },
  };
}

describe('availability fold', () => {
  it('keeps only the newest version of each item', () => {
    const rows = latestLevels([
      stockEvent('S1', 'A1', 1, 10, 1),
      stockEvent('S1', 'A1', 2, 7, 2),
      stockEvent('S2', 'A1', 1, 4, 3),
    ]);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.storeId === 'S1')).toMatchObject({ onHand: 7, version: 2 });
  });

  it('is not fooled by redelivered or reordered events', () => {
    const rows = latestLevels([
      stockEvent('S1', 'A1', 3, 5, 3),
      stockEvent('S1', 'A1', 2, 9, 2),
      stockEvent('S1', 'A1', 3, 5, 3),
    ]);
    expect(rows).toEqual([expect.objectContaining({ version: 3, onHand: 5 })]);
  });
});
