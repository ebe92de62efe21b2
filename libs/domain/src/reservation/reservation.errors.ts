import { DomainError } from '../shared/domain-error';
import type { ReservationStatus } from './reservation.events';

export class ReservationNotFound extends DomainError {
  readonly code = 'RESERVATION.NOT_FOUND';
  readonly kind = 'not-found';

  constructor(reservationId: string) {
    super(`reservation ${reservationId} does not exist`, { reservationId });
  }
}

const CODES: Record<Exclude<ReservationStatus, 'ACTIVE'>, string> = {
  CONFIRMED: 'RESERVATION.ALREADY_CONFIRMED',
  CANCELLED: 'RESERVATION.CANCELLED',
  EXPIRED: 'RESERVATION.EXPIRED',
};

/** The reservation has left ACTIVE (or its time ran out): it can no longer be confirmed or cancelled. */
export class ReservationNotActive extends DomainError {
  readonly code: string;
  readonly kind = 'conflict';

  constructor(reservationId: string, status: Exclude<ReservationStatus, 'ACTIVE'>) {
    super(`reservation ${reservationId} is ${status.toLowerCase()}`, {
      reservationId,
      reservationStatus: status,
    });
    this.code = CODES[status];
  }
}
