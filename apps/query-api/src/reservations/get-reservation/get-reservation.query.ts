import type { IssuedId } from '@inventory/contracts';

export class GetReservationQuery {
  constructor(readonly reservation: IssuedId) {}
}
