import { stockKey, TOPICS } from '@inventory/contracts';
import type {
  ProductEvent,
  ReservationEvent,
  StockItemEvent,
  StoreEvent,
  TransferEvent,
} from '@inventory/domain';
import type { PendingEvent } from './pending-event';

/** Where each aggregate's events go: topic, partition key and stream (DESIGN §4). */
export function stockEvent(event: StockItemEvent): PendingEvent {
  const { storeId, sku, version } = event.data;
  const id = stockKey(storeId, sku);
  return { topic: TOPICS.stock, key: id, aggregate: { type: 'stock-item', id, version }, event };
}

export function reservationEvent(event: ReservationEvent): PendingEvent {
  const { storeId, reservationId, version } = event.data;
  return {
    topic: TOPICS.reservation,
    key: `${storeId}:${reservationId}`,
    aggregate: { type: 'reservation', id: reservationId, version },
    event,
  };
}

export function transferEvent(event: TransferEvent): PendingEvent {
  const { transferId, version } = event.data;
  return {
    topic: TOPICS.transfer,
    key: transferId,
    aggregate: { type: 'transfer', id: transferId, version },
    event,
  };
}

export function productEvent(event: ProductEvent): PendingEvent {
  const { sku, version } = event.data;
  return { topic: TOPICS.product, key: sku, aggregate: { type: 'product', id: sku, version }, event };
}

export function storeEvent(event: StoreEvent): PendingEvent {
  const { storeId, version } = event.data;
  return { topic: TOPICS.product, key: storeId, aggregate: { type: 'store', id: storeId, version }, event };
}
