import type { WriteContext } from '@inventory/platform';
import type { ReservationActionRequest } from './reservation-action.request.dto';

export type ReservationAction = 'confirm' | 'cancel';

export class ReservationActionCommand {
  constructor(
    readonly context: WriteContext,
    readonly reservationId: string,
    readonly action: ReservationAction,
    readonly request: ReservationActionRequest,
  ) {}
}
