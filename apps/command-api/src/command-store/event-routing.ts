import { stockKey, TOPICS } from '@inventory/contracts';
import type {
  ProductEvent,
  ReservationEvent,
  StockItemEvent,
  StoreEvent,
  TransferEvent,
} from '@inventory/domain';
import type { PendingEvent } from './pending-event';

const ALERTS = new Set<StockItemEvent['type']>(['StockLow', 'StockDepleted', 'StockReplenished']);

/**
 * Where each aggregate's events go: topic, partition key and stream (DESIGN §4). Low-stock alerts share
 * the item's key (so they stay in order with its changes) but have their own stream: they describe a
 * version of the item rather than change it.
 */
export function stockEvent(event: StockItemEvent): PendingEvent {
  const { storeId, sku, version } = event.data;
  const id = stockKey(storeId, sku);
  const type = ALERTS.has(event.type) ? 'stock-alert' : 'stock-item';
  return { topic: TOPICS.stock, key: id, aggregate: { type, id, version }, event };
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
