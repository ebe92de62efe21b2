import type { Provider } from '@nestjs/common';
import { AvailabilityProjection } from '../availability/availability.projection';
import { CatalogProjection } from '../catalog/catalog.projection';
import { ReservationProjection } from '../reservations/reservation.projection';
import { TransferProjection } from '../transfers/transfer.projection';
import type { Projection } from './projection';

/** Every projection this app runs. */
export const PROJECTIONS = Symbol('PROJECTIONS');

export const projectionsProvider: Provider = {
  provide: PROJECTIONS,
  inject: [AvailabilityProjection, CatalogProjection, ReservationProjection, TransferProjection],
  useFactory: (...projections: Projection[]): Projection[] => projections,
};
