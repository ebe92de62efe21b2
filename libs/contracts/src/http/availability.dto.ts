import type { CursorPage } from './cursor-page';

export interface StoreAvailability {
  storeId: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
}

export interface AvailabilityResponse {
  sku: string;
  totalOnHand: number;
  totalReserved: number;
  totalAvailable: number;
  perStore: StoreAvailability[];
}

/** `POST /v1/availability:batch`: the SKUs found, in request order, and those nobody stocks. */
export interface AvailabilityBatchResponse {
  items: AvailabilityResponse[];
  missing: string[];
}

/** One item of the incremental-sync feed `GET /v1/availability/changes`. */
export interface AvailabilityChange extends StoreAvailability {
  sku: string;
  changedAt: string;
}

/** `nextCursor`: where the next poll continues; null only while the feed has nothing to continue after. */
export type AvailabilityChangesResponse = CursorPage<AvailabilityChange>;
