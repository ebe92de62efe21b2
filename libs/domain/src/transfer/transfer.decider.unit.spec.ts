import { deciderSpec } from '@inventory/testing';
import { StoreNotFound } from '../store/store.errors';
import type { StockItemEvent } from '../stock-item/stock-item.events';
import { InsufficientStock, StockLimitExceeded } from '../stock-item/stock-item.errors';
import { MAX_ON_HAND } from '../stock-item/stock-item.state';
import { onStock } from '../stock-item/with-stock';
import { transferDecider, type TransferCommand, type TransferDecisionEvent } from './transfer.decider';
import { SameStoreTransfer } from './transfer.errors';

const ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const lines = [{ sku: 'A1', qty: 4 }];
const spec = deciderSpec(transferDecider, {
  transferId: ID,
  catalog: { stores: { S1: 0, S2: 0 }, thresholds: { A1: 0 } },
});

const levels = (storeId: string, onHand: number, version: number) => ({
  storeId,
  sku: 'A1',
  onHand,
  reserved: 0,
  available: onHand,
  version,
});
/** `storeId` holds `onHand` of A1, at version 1. */
const holds = (storeId: string, onHand: number) =>
  onStock({
    type: 'StockAdjusted',
    data: { ...levels(storeId, onHand, 1), delta: onHand, reason: 'restock' },
  });
const initiate = (toStore = 'S2'): TransferCommand => ({
  type: 'InitiateTransfer',
  data: { transferId: ID, fromStore: 'S1', toStore, lines },
});
const initiated: TransferDecisionEvent = {
  stream: 'transfer',
  event: {
    type: 'TransferInitiated',
    data: { transferId: ID, fromStore: 'S1', toStore: 'S2', lines, version: 1 },
  },
};
const movedOut = onStock({
  type: 'StockTransferredOut',
  data: { ...levels('S1', 6, 2), qty: 4, transferId: ID, toStore: 'S2' },
});
const movedIn = (storeId: string, onHand: number, version: number, compensation: boolean) =>
  onStock({
    type: 'StockTransferredIn',
    data: { ...levels(storeId, onHand, version), qty: 4, transferId: ID, fromStore: 'S1', compensation },
  } satisfies StockItemEvent);
const complete: TransferCommand = { type: 'CompleteTransfer', data: { transferId: ID } };
const compensate: TransferCommand = {
  type: 'CompensateTransfer',
  data: { transferId: ID, reason: 'destination full' },
};
const transferEvent = (type: 'TransferCompleted' | 'TransferFailed'): TransferDecisionEvent => ({
  stream: 'transfer',
  event:
    type === 'TransferCompleted'
      ? { type, data: { transferId: ID, fromStore: 'S1', toStore: 'S2', version: 2 } }
      : {
          type,
          data: { transferId: ID, fromStore: 'S1', toStore: 'S2', reason: 'destination full', version: 2 },
        },
});

describe('transfer saga', () => {
  it('step 1 takes the units out of the source: in transit', () => {
    spec
      .given([holds('S1', 10)])
      .when(initiate())
      .then([initiated, movedOut]);
  });

  it('refuses to move more than the source has, and between a store and itself', () => {
    spec
      .given([holds('S1', 3)])
      .when(initiate())
      .thenThrows(InsufficientStock, 'STOCK.INSUFFICIENT');
    spec
      .given([holds('S1', 10)])
      .when(initiate('S1'))
      .thenThrows(SameStoreTransfer, 'TRANSFER.SAME_STORE');
    spec
      .given([holds('S1', 10)])
      .when(initiate('S9'))
      .thenThrows(StoreNotFound, 'STORE.NOT_FOUND');
  });

  it('step 2 brings them into the destination: completed', () => {
    spec
      .given([holds('S1', 10), holds('S2', 1), initiated, movedOut])
      .when(complete)
      .then([transferEvent('TransferCompleted'), movedIn('S2', 5, 2, false)]);
  });

  it('when the destination refuses, compensation makes the source whole again', () => {
    const full = onStock({
      type: 'StockAdjusted',
      data: { ...levels('S2', MAX_ON_HAND, 1), delta: MAX_ON_HAND, reason: 'restock' },
    });
    const history = [holds('S1', 10), full, initiated, movedOut];
    spec.given(history).when(complete).thenThrows(StockLimitExceeded, 'STOCK.LIMIT_EXCEEDED');
    spec
      .given(history)
      .when(compensate)
      .then([transferEvent('TransferFailed'), movedIn('S1', 10, 3, true)]);
  });

  it('runs each later step once: on a finished transfer a step does nothing', () => {
    const done = [
      holds('S1', 10),
      initiated,
      movedOut,
      transferEvent('TransferCompleted'),
      movedIn('S2', 4, 1, false),
    ];
    spec.given(done).when(compensate).then([]);
    spec.given(done).when(complete).then([]);
    spec.given([]).when(complete).then([]);
  });
});
