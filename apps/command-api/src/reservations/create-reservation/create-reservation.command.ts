import type { WriteContext } from '@inventory/platform';
import type { CreateReservationRequest } from './create-reservation.request.dto';

export class CreateReservationCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: CreateReservationRequest,
  ) {}
}
