import type { ReservationWithStock } from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';
import { reservationView } from '../reservation.repository';

export const presentReservationAction: Presenter<ReservationWithStock> = ({ state: { root } }) => ({
  status: 202,
  body: reservationView(root),
  headers: { etag: `"${root.version}"` },
});
