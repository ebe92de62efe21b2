import type { IssuedId } from '@inventory/contracts';
import type { WriteContext } from '@inventory/platform';
import type { ReservationActionRequest } from './reservation-action.request.dto';

export type ReservationAction = 'confirm' | 'cancel';

export class ReservationActionCommand {
  constructor(
    readonly context: WriteContext,
    /** Well-formed; an id that is not a UUID was never issued and is answered not found. */
    readonly reservation: IssuedId,
    readonly action: ReservationAction,
    readonly request: ReservationActionRequest,
  ) {}
}
