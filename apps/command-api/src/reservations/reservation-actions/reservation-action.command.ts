import type { IssuedId } from '@inventory/contracts';
import type { CancelReservation, ConfirmReservation } from '@inventory/domain';
import type { WriteContext } from '@inventory/platform';
import type { ReservationActionRequest } from './reservation-action.request.dto';

export type ReservationAction = 'confirm' | 'cancel';

/** The domain command for `:confirm` or `:cancel`; the If-Match version and the time come with it. */
export function reservationActionCommand(
  /** Well-formed; an id that is not a UUID was never issued and is answered not found. */
  reservation: IssuedId,
  action: ReservationAction,
  request: ReservationActionRequest,
  context: WriteContext,
  now: Date,
): ConfirmReservation | CancelReservation {
  const common = {
    reservationId: reservation.id,
    now: now.toISOString(),
    expectedVersion: context.expectedVersion,
  };
  return action === 'confirm'
    ? { type: 'ConfirmReservation', data: { ...common, paymentRef: request.paymentRef ?? null } }
    : { type: 'CancelReservation', data: { ...common, reason: request.reason ?? null } };
}
