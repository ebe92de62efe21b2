import {
  evolveReservation,
  initialReservationState,
  type ReservationEvent,
  type ReservationState,
} from '@inventory/domain';
import type { ConsumedEvent } from '@inventory/messaging';

export interface ReservationChange {
  /** Complete when the batch holds the creation; otherwise only status and version are known. */
  full: boolean;
  state: ReservationState;
}

/**
 * Folds a batch with the domain's own `evolve`, per reservation. A reservation created in an earlier
 * batch arrives here as status changes only: those update the row they find.
 */
export function foldReservations(events: ConsumedEvent[]): ReservationChange[] {
  const byId = new Map<string, ReservationChange>();
  for (const { envelope } of events) {
    const event = { type: envelope.eventType, data: envelope.payload } as unknown as ReservationEvent;
    const id = event.data.reservationId;
    const known = byId.get(id) ?? {
      full: false,
      state: { ...initialReservationState(id), storeId: event.data.storeId },
    };
    if (event.data.version <= known.state.version) continue;
    const full = known.full || event.type === 'ReservationCreated';
    byId.set(id, { full, state: evolveReservation(known.state, event) });
  }
  return [...byId.values()];
}
