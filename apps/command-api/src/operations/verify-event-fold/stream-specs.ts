import {
  evolveProduct,
  evolveReservation,
  evolveStockItem,
  evolveStore,
  evolveTransfer,
  initialProductState,
  initialReservationState,
  initialStockItemState,
  initialStoreState,
  initialTransferState,
  type ProductEvent,
  type ReservationEvent,
  type StockItemEvent,
  type StoreEvent,
  type TransferEvent,
} from '@inventory/domain';

/** How one aggregate's state rows relate to its event stream. */
export interface StreamSpec {
  streamType: string;
  /** Every state row, as `{ id, state }`, `state` in the same shape `summary` gives. */
  stateRowsSql: string;
  fold(id: string, events: Array<{ type: string; data: unknown }>): Record<string, unknown>;
}

const splitItemId = (id: string) => {
  const at = id.indexOf(':');
  return [id.slice(0, at), id.slice(at + 1)] as const;
};

export const STREAM_SPECS: StreamSpec[] = [
  {
    streamType: 'stock-item',
    stateRowsSql: `SELECT store_id || ':' || sku AS id,
                          json_build_object('onHand', on_hand, 'reserved', reserved, 'version', version) AS state
                     FROM command.stock_items`,
    fold(id, events) {
      const [storeId, sku] = splitItemId(id);
      const s = (events as StockItemEvent[]).reduce(evolveStockItem, initialStockItemState(storeId, sku));
      return { onHand: s.onHand, reserved: s.reserved, version: s.version };
    },
  },
  {
    streamType: 'store',
    stateRowsSql: `SELECT store_id AS id,
                          json_build_object('name', name, 'latencyMs', latency_ms, 'version', version) AS state
                     FROM command.stores`,
    fold(id, events) {
      const s = (events as StoreEvent[]).reduce(evolveStore, initialStoreState(id));
      return { name: s.name, latencyMs: s.latencyMs, version: s.version };
    },
  },
  {
    streamType: 'product',
    stateRowsSql: `SELECT sku AS id,
                          json_build_object('name', name, 'lowStockThreshold', low_stock_threshold, 'version', version) AS state
                     FROM command.products`,
    fold(id, events) {
      const s = (events as ProductEvent[]).reduce(evolveProduct, initialProductState(id));
      return { name: s.name, lowStockThreshold: s.lowStockThreshold, version: s.version };
    },
  },
  {
    streamType: 'reservation',
    stateRowsSql: `SELECT reservation_id::text AS id,
                          json_build_object('status', status, 'paymentRef', payment_ref, 'lines', lines, 'version', version,
                                            'expiresAt', to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS state
                     FROM command.reservations`,
    fold(id, events) {
      const s = (events as ReservationEvent[]).reduce(evolveReservation, initialReservationState(id));
      const { status, paymentRef, lines, version, expiresAt } = s;
      return { status, paymentRef, lines, version, expiresAt };
    },
  },
  {
    streamType: 'transfer',
    stateRowsSql: `SELECT transfer_id::text AS id,
                          json_build_object('status', status, 'failureReason', failure_reason, 'version', version) AS state
                     FROM command.transfers`,
    fold(id, events) {
      const s = (events as TransferEvent[]).reduce(evolveTransfer, initialTransferState(id));
      return { status: s.status, failureReason: s.failureReason, version: s.version };
    },
  },
];
