import { deciderSpec } from '@inventory/testing';
import { storeDecider, type RegisterStore } from './store.decider';
import { StoreAlreadyExists } from './store.errors';

const spec = deciderSpec(storeDecider, 'S1');

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
