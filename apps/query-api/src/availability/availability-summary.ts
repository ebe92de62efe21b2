import type { AvailabilityResponse, StoreAvailability } from '@inventory/contracts';
import { etagOf } from '../shared/read-response';

/** A SKU's rows, optionally of one store, ordered by store, with their totals. */
export function summarize(sku: string, rows: StoreAvailability[], storeId?: string): AvailabilityResponse {
  const perStore = rows
    .filter((row) => storeId === undefined || row.storeId === storeId)
    .sort((a, b) => a.storeId.localeCompare(b.storeId));
  return {
    sku,
    totalOnHand: perStore.reduce((sum, row) => sum + row.onHand, 0),
    totalReserved: perStore.reduce((sum, row) => sum + row.reserved, 0),
    totalAvailable: perStore.reduce((sum, row) => sum + row.available, 0),
    perStore,
  };
}

/** What identifies one SKU's answer: its stores and their versions ('@' and ',' never occur in ids). */
export function availabilityTag(result: AvailabilityResponse): string {
  return `${result.sku}@${result.perStore.map((row) => `${row.storeId}:${row.version}`).join(',')}`;
}

export function availabilityEtag(result: AvailabilityResponse): string {
  return etagOf([availabilityTag(result)]);
}
