import type { ReservationWithStock } from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';
import { reservationView } from '../reservation.repository';

export const presentCreatedReservation: Presenter<ReservationWithStock> = ({ state: { root } }) => ({
  status: 202,
  body: reservationView(root),
  headers: { location: `/v1/reservations/${root.reservationId}`, etag: `"${root.version}"` },
});
