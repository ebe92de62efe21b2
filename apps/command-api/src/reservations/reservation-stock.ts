import {
  evolveReservation,
  type ReservationDecision,
  type ReservationEvent,
  type ReservationState,
  type ReservedItems,
} from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { reservationEvent, stockEvent } from '../command-store/event-routing';
import type { PendingEvent } from '../command-store/pending-event';
import { bySku, lockItems, saveItems } from '../stock/stock-item.repository';
import { saveReservation } from './reservation.repository';

/** Locks a reservation's stock rows (store, sku order) with the products' thresholds. */
export async function lockReservedItems(
  tx: CommandTx,
  storeId: string,
  skus: string[],
): Promise<{ stock: ReservedItems; save: () => void }> {
  const locked = await lockItems(
    tx,
    skus.map((sku) => ({ storeId, sku })),
  );
  const stock: ReservedItems = { items: bySku(locked.items, storeId), thresholds: locked.thresholds };
  return { stock, save: () => saveItems(tx, locked.items, stock.items.values()) };
}

/** Persists a reservation decision and returns its events routed for the outbox. */
export async function applyReservationDecision<E extends ReservationEvent>(
  tx: CommandTx,
  state: ReservationState,
  decision: ReservationDecision<E>,
  saveStock: () => void,
): Promise<{ next: ReservationState; events: PendingEvent[] }> {
  const next = decision.reservation.reduce<ReservationState>(evolveReservation, state);
  saveStock();
  if (decision.reservation.length > 0) saveReservation(tx, next, state.version === 0);
  return { next, events: [...decision.reservation.map(reservationEvent), ...decision.stock.map(stockEvent)] };
}
