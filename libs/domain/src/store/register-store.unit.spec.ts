import { deciderSpec } from '@inventory/testing';
import { decideRegisterStore, type RegisterStore } from './register-store.decide';
import type { StoreEvent } from './store.events';
import { StoreAlreadyExists } from './store.errors';
import { evolveStore, initialStoreState, type StoreState } from './store.state';

const spec = deciderSpec<RegisterStore, StoreEvent, StoreState>({
  decide: decideRegisterStore,
  evolve: evolveStore,
  initialState: () => initialStoreState('S1'),
});

const register: RegisterStore = {
  type: 'RegisterStore',
  data: { storeId: 'S1', name: 'Downtown', latencyMs: 20 },
};

describe('RegisterStore', () => {
  it('registers a new store at version 1', () => {
    spec
      .given([])
      .when(register)
      .then([{ type: 'StoreRegistered', data: { ...register.data, version: 1 } }]);
  });

  it('refuses to register the same store twice', () => {
    spec
      .given([{ type: 'StoreRegistered', data: { ...register.data, version: 1 } }])
      .when(register)
      .thenThrows(StoreAlreadyExists, 'STORE.ALREADY_EXISTS');
  });
});
