import { InsufficientStock, StockLimitExceeded } from '../stock-item/stock-item.errors';
import { MAX_ON_HAND, type StockItemState } from '../stock-item/stock-item.state';
import {
  decideCompensateTransfer,
  decideCompleteTransfer,
  decideInitiateTransfer,
  evolveTransfer,
  initialTransferState,
  SameStoreTransfer,
  type StoreItems,
} from './transfer';

const ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const lines = [{ sku: 'A1', qty: 4 }];

function storeItems(storeId: string, onHand: number): StoreItems {
  const item: StockItemState = { storeId, sku: 'A1', onHand, reserved: 0, version: 1 };
  return { items: new Map([['A1', item]]), thresholds: new Map([['A1', 0]]) };
}

function initiated(source: StoreItems) {
  const decision = decideInitiateTransfer(
    { type: 'InitiateTransfer', data: { transferId: ID, fromStore: 'S1', toStore: 'S2', lines } },
    source,
  );
  return { decision, state: decision.transfer.reduce(evolveTransfer, initialTransferState(ID)) };
}

describe('transfer saga', () => {
  it('step 1 takes the units out of the source: in transit', () => {
    const source = storeItems('S1', 10);
    const { decision, state } = initiated(source);
    expect(state.status).toBe('IN_TRANSIT');
    expect(decision.stock[0]).toMatchObject({
      type: 'StockTransferredOut',
      data: { onHand: 6, qty: 4, toStore: 'S2' },
    });
  });

  it('refuses to move more than the source has, and between a store and itself', () => {
    expect(() => initiated(storeItems('S1', 3))).toThrow(InsufficientStock);
    expect(() =>
      decideInitiateTransfer(
        { type: 'InitiateTransfer', data: { transferId: ID, fromStore: 'S1', toStore: 'S1', lines } },
        storeItems('S1', 10),
      ),
    ).toThrow(SameStoreTransfer);
  });

  it('step 2 brings them into the destination: completed', () => {
    const { state } = initiated(storeItems('S1', 10));
    const destination = storeItems('S2', 1);
    const done = decideCompleteTransfer(state, destination);
    expect(done.transfer[0]).toMatchObject({ type: 'TransferCompleted', data: { version: 2 } });
    expect(destination.items.get('A1')).toMatchObject({ onHand: 5 });
  });

  it('when the destination refuses, compensation makes the source whole again', () => {
    const source = storeItems('S1', 10);
    const { state } = initiated(source);
    expect(() => decideCompleteTransfer(state, storeItems('S2', MAX_ON_HAND))).toThrow(StockLimitExceeded);
    const failed = decideCompensateTransfer(state, 'destination full', source);
    expect(failed.transfer[0]).toMatchObject({
      type: 'TransferFailed',
      data: { reason: 'destination full' },
    });
    expect(failed.stock[0]).toMatchObject({
      type: 'StockTransferredIn',
      data: { compensation: true, onHand: 10 },
    });
    expect(source.items.get('A1')).toMatchObject({ onHand: 10 });
  });

  it('runs each later step once: a finished transfer refuses another', () => {
    const { state } = initiated(storeItems('S1', 10));
    const done = decideCompleteTransfer(state, storeItems('S2', 0)).transfer.reduce(evolveTransfer, state);
    expect(() => decideCompensateTransfer(done, 'late', storeItems('S1', 6))).toThrow(
      expect.objectContaining({ code: 'TRANSFER.NOT_IN_TRANSIT' }),
    );
  });
});
