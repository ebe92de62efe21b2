import {
  evolveReservation,
  type ReservationDecision,
  type ReservationEvent,
  type ReservationState,
  type ReservedItems,
} from '@inventory/domain';
import type { PoolClient } from 'pg';
import { reservationEvent, stockEvent } from '../command-store/event-routing';
import type { PendingEvent } from '../command-store/pending-event';
import { bySku, lockItems, saveItems } from '../stock/stock-item.repository';
import { saveReservation } from './reservation.repository';

/** Locks a reservation's stock rows (store, sku order) with the products' thresholds. */
export async function lockReservedItems(
  tx: PoolClient,
  storeId: string,
  skus: string[],
): Promise<{ stock: ReservedItems; save: () => Promise<void> }> {
  const locked = await lockItems(
    tx,
    skus.map((sku) => ({ storeId, sku })),
  );
  const stock: ReservedItems = { items: bySku(locked.items, storeId), thresholds: locked.thresholds };
  return { stock, save: () => saveItems(tx, locked.items, stock.items.values()) };
}

/** Persists a reservation decision and returns its events routed for the outbox. */
export async function applyReservationDecision<E extends ReservationEvent>(
  tx: PoolClient,
  state: ReservationState,
  decision: ReservationDecision<E>,
  saveStock: () => Promise<void>,
): Promise<{ next: ReservationState; events: PendingEvent[] }> {
  const next = decision.reservation.reduce<ReservationState>(evolveReservation, state);
  await saveStock();
  if (decision.reservation.length > 0) await saveReservation(tx, next, state.version === 0);
  return { next, events: [...decision.reservation.map(reservationEvent), ...decision.stock.map(stockEvent)] };
}
