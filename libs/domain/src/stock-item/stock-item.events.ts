export type AdjustmentReason = 'sale' | 'damage' | 'count' | 'manual' | 'restock' | 'return';
export const ADJUSTMENT_REASONS: readonly AdjustmentReason[] = [
  'sale',
  'damage',
  'count',
  'manual',
  'restock',
  'return',
];

export type PurchasePolicy = 'highest-available' | 'lowest-latency' | 'round-robin';
export const PURCHASE_POLICIES: readonly PurchasePolicy[] = [
  'highest-available',
  'lowest-latency',
  'round-robin',
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

type StockEvent<Type extends string, Extra> = { type: Type; data: StockLevels & Extra };

export type StockAdjusted = StockEvent<'StockAdjusted', { delta: number; reason: AdjustmentReason }>;
export type StockCounted = StockEvent<
  'StockCounted',
  { previousOnHand: number; delta: number; countRef: string }
>;
export type StockPurchased = StockEvent<
  'StockPurchased',
  { qty: number; customerId: string | null; policy: PurchasePolicy }
>;
export type StockReserved = StockEvent<'StockReserved', { qty: number; reservationId: string }>;
export type StockReservationReleased = StockEvent<
  'StockReservationReleased',
  { qty: number; reservationId: string; cause: 'cancelled' | 'expired' }
>;
export type StockReservationConsumed = StockEvent<
  'StockReservationConsumed',
  { qty: number; reservationId: string }
>;
export type StockTransferredOut = StockEvent<
  'StockTransferredOut',
  { qty: number; transferId: string; toStore: string }
>;
export type StockTransferredIn = StockEvent<
  'StockTransferredIn',
  { qty: number; transferId: string; fromStore: string; compensation: boolean }
>;
export type StockReconciled = StockEvent<
  'StockReconciled',
  { previousOnHand: number; discrepancy: number; reconciliationId: string; source: string }
>;
/** Alerts: `available` crossed the product's low-stock threshold, reached 0, or rose back above it. */
export type StockLow = StockEvent<'StockLow', { threshold: number }>;
export type StockDepleted = StockEvent<'StockDepleted', { threshold: number }>;
export type StockReplenished = StockEvent<'StockReplenished', { threshold: number }>;

export type StockChangeEvent =
  | StockAdjusted
  | StockCounted
  | StockPurchased
  | StockReserved
  | StockReservationReleased
  | StockReservationConsumed
  | StockTransferredOut
  | StockTransferredIn
  | StockReconciled;

export type StockAlertEvent = StockLow | StockDepleted | StockReplenished;

export type StockItemEvent = StockChangeEvent | StockAlertEvent;
