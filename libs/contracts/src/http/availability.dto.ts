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
