import type { StoreRegistered } from './store.events';
import { StoreAlreadyExists } from './store.errors';
import type { StoreState } from './store.state';

export interface RegisterStore {
  type: 'RegisterStore';
  data: { storeId: string; name: string; latencyMs: number };
}

export function decideRegisterStore(command: RegisterStore, state: StoreState): StoreRegistered[] {
  if (state.version > 0) throw new StoreAlreadyExists(command.data.storeId);
  return [{ type: 'StoreRegistered', data: { ...command.data, version: 1 } }];
}
