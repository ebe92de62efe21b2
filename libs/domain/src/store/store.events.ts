export interface StoreRegistered {
  type: 'StoreRegistered';
  data: { storeId: string; name: string; latencyMs: number; version: number };
}

export type StoreEvent = StoreRegistered;
