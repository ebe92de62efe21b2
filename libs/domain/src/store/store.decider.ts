import type { Decider } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { StoreAlreadyExists } from './store.errors';
import type { StoreEvent, StoreRegistered } from './store.events';
import { evolveStore, initialStoreState, type StoreState } from './store.state';

export interface RegisterStore {
  type: 'RegisterStore';
  data: { storeId: string; name: string; latencyMs: number };
}

export type StoreCommand = RegisterStore;

function registerStore(command: RegisterStore, state: StoreState): StoreRegistered[] {
  if (state.version > 0) throw new StoreAlreadyExists(command.data.storeId);
  return [{ type: 'StoreRegistered', data: { ...command.data, version: 1 } }];
}

export function decideStore(command: StoreCommand, state: StoreState): StoreEvent[] {
  switch (command.type) {
    case 'RegisterStore':
      return registerStore(command, state);
    default:
      return assertNever(command.type);
  }
}

export const storeDecider: Decider<StoreCommand, StoreEvent, StoreState, string> = {
  initialState: initialStoreState,
  evolve: evolveStore,
  decide: decideStore,
};
