export class GetReservationQuery {
  constructor(readonly reservationId: string) {}
}
