export type AdjustmentReason = 'sale' | 'damage' | 'count' | 'manual' | 'restock' | 'return';
export const ADJUSTMENT_REASONS: readonly AdjustmentReason[] = [
  'sale',
  'damage',
  'count',
  'manual',
  'restock',
  'return',
];

/** Every stock event carries the item's resulting numbers so projections can apply "newer version wins". */
export interface StockLevels {
  storeId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
}

export interface StockAdjusted {
  type: 'StockAdjusted';
  data: StockLevels & { delta: number; reason: AdjustmentReason };
}

export type StockItemEvent = StockAdjusted;
