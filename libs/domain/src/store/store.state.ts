import { assertNever } from '../shared/exhaustive';
import type { StoreEvent } from './store.events';

export interface StoreState {
  storeId: string;
  name: string;
  latencyMs: number;
  active: boolean;
  /** 0 while the store does not exist. */
  version: number;
}

export function initialStoreState(storeId: string): StoreState {
  return { storeId, name: '', latencyMs: 0, active: false, version: 0 };
}

export function evolveStore(_state: StoreState, event: StoreEvent): StoreState {
  switch (event.type) {
    case 'StoreRegistered':
      return {
        storeId: event.data.storeId,
        name: event.data.name,
        latencyMs: event.data.latencyMs,
        active: true,
        version: event.data.version,
      };
    default:
      return assertNever(event.type);
  }
}
