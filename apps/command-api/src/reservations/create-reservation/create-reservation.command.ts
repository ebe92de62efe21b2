import { randomUUID } from 'node:crypto';
import type { CreateReservation } from '@inventory/domain';
import { DEFAULT_TTL_SECONDS, type CreateReservationRequest } from './create-reservation.request.dto';

/** The domain command for a request: the new reservation's id and expiry are minted here. */
export function createReservationCommand(request: CreateReservationRequest, now: Date): CreateReservation {
  const ttlMs = (request.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
  return {
    type: 'CreateReservation',
    data: {
      reservationId: randomUUID(),
      storeId: request.storeId,
      customerId: request.customerId ?? null,
      lines: request.lines.map(({ sku, qty }) => ({ sku, qty })),
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    },
  };
}
