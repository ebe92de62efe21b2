import { assertNever } from '../shared/exhaustive';
import type { ReservationEvent, ReservationLine, ReservationStatus } from './reservation.events';

export interface ReservationState {
  reservationId: string;
  storeId: string;
  customerId: string | null;
  /** NONE while the reservation does not exist. */
  status: ReservationStatus | 'NONE';
  /** The payment the confirmation named, if it named one. */
  paymentRef: string | null;
  lines: ReservationLine[];
  expiresAt: string;
  version: number;
}

export function initialReservationState(reservationId: string): ReservationState {
  return {
    reservationId,
    storeId: '',
    customerId: null,
    status: 'NONE',
    paymentRef: null,
    lines: [],
    expiresAt: '',
    version: 0,
  };
}

export function evolveReservation(state: ReservationState, event: ReservationEvent): ReservationState {
  switch (event.type) {
    case 'ReservationCreated': {
      const { reservationId, storeId, customerId, lines, expiresAt, version } = event.data;
      return {
        reservationId,
        storeId,
        customerId,
        status: 'ACTIVE',
        paymentRef: null,
        lines,
        expiresAt,
        version,
      };
    }
    case 'ReservationConfirmed':
      return {
        ...state,
        status: 'CONFIRMED',
        paymentRef: event.data.paymentRef,
        version: event.data.version,
      };
    case 'ReservationCancelled':
      return { ...state, status: 'CANCELLED', version: event.data.version };
    case 'ReservationExpired':
      return { ...state, status: 'EXPIRED', version: event.data.version };
    default:
      return assertNever(event);
  }
}
