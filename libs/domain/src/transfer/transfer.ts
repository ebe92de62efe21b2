import { DomainError } from '../shared/domain-error';
import { assertNever } from '../shared/exhaustive';
import { changeStock } from '../stock-item/stock-change';
import { changeLines, type ItemsBySku, type StockEvents } from '../stock-item/stock-lines';

export interface TransferLine {
  sku: string;
  qty: number;
}

export type TransferStatus = 'IN_TRANSIT' | 'COMPLETED' | 'FAILED';

export interface TransferInitiated {
  type: 'TransferInitiated';
  data: { transferId: string; fromStore: string; toStore: string; lines: TransferLine[]; version: number };
}
export interface TransferCompleted {
  type: 'TransferCompleted';
  data: { transferId: string; fromStore: string; toStore: string; version: number };
}
export interface TransferFailed {
  type: 'TransferFailed';
  data: { transferId: string; fromStore: string; toStore: string; reason: string; version: number };
}
export type TransferEvent = TransferInitiated | TransferCompleted | TransferFailed;

export interface TransferState {
  transferId: string;
  fromStore: string;
  toStore: string;
  lines: TransferLine[];
  status: TransferStatus | 'NONE';
  failureReason: string | null;
  version: number;
}

export function initialTransferState(transferId: string): TransferState {
  return {
    transferId,
    fromStore: '',
    toStore: '',
    lines: [],
    status: 'NONE',
    failureReason: null,
    version: 0,
  };
}

export function evolveTransfer(state: TransferState, event: TransferEvent): TransferState {
  switch (event.type) {
    case 'TransferInitiated': {
      const { transferId, fromStore, toStore, lines, version } = event.data;
      return { transferId, fromStore, toStore, lines, status: 'IN_TRANSIT', failureReason: null, version };
    }
    case 'TransferCompleted':
      return { ...state, status: 'COMPLETED', version: event.data.version };
    case 'TransferFailed':
      return { ...state, status: 'FAILED', failureReason: event.data.reason, version: event.data.version };
    default:
      return assertNever(event);
  }
}

export class SameStoreTransfer extends DomainError {
  readonly code = 'TRANSFER.SAME_STORE';
  readonly kind = 'invalid';

  constructor(storeId: string) {
    super(`a transfer needs two different stores; both are ${storeId}`, { storeId });
  }
}

export class TransferNotInTransit extends DomainError {
  readonly code = 'TRANSFER.NOT_IN_TRANSIT';
  readonly kind = 'conflict';

  constructor(transferId: string, status: string) {
    super(`transfer ${transferId} is ${status.toLowerCase()}, not in transit`, { transferId, status });
  }
}

/** The items of one store a transfer step touches. */
export type StoreItems = ItemsBySku;

export interface InitiateTransfer {
  type: 'InitiateTransfer';
  data: { transferId: string; fromStore: string; toStore: string; lines: TransferLine[] };
}

/** Step 1 of the saga: the units leave the source (all lines or none) and are in transit. */
export function decideInitiateTransfer(
  command: InitiateTransfer,
  source: StoreItems,
): { transfer: TransferInitiated[]; stock: StockEvents } {
  const { transferId, fromStore, toStore, lines } = command.data;
  if (fromStore === toStore) throw new SameStoreTransfer(fromStore);
  const stock = changeLines(lines, source, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand - line.qty, reserved: item.reserved }, threshold, (levels) => ({
      type: 'StockTransferredOut',
      data: { ...levels, qty: line.qty, transferId, toStore },
    })),
  );
  return { transfer: [{ type: 'TransferInitiated', data: { ...command.data, version: 1 } }], stock };
}

function assertInTransit(state: TransferState): void {
  if (state.status !== 'IN_TRANSIT') throw new TransferNotInTransit(state.transferId, state.status);
}

/** Step 2: the units arrive at the destination. Throws (e.g. over the item limit) when they cannot. */
export function decideCompleteTransfer(
  state: TransferState,
  destination: StoreItems,
): { transfer: TransferCompleted[]; stock: StockEvents } {
  assertInTransit(state);
  const { transferId, fromStore, toStore } = state;
  const stock = changeLines(state.lines, destination, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand + line.qty, reserved: item.reserved }, threshold, (levels) => ({
      type: 'StockTransferredIn',
      data: { ...levels, qty: line.qty, transferId, fromStore, compensation: false },
    })),
  );
  return {
    transfer: [
      { type: 'TransferCompleted', data: { transferId, fromStore, toStore, version: state.version + 1 } },
    ],
    stock,
  };
}

/** Compensation: the destination step failed, so the units go back into the source. */
export function decideCompensateTransfer(
  state: TransferState,
  reason: string,
  source: StoreItems,
): { transfer: TransferFailed[]; stock: StockEvents } {
  assertInTransit(state);
  const { transferId, fromStore, toStore } = state;
  const stock = changeLines(state.lines, source, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand + line.qty, reserved: item.reserved }, threshold, (levels) => ({
      type: 'StockTransferredIn',
      data: { ...levels, qty: line.qty, transferId, fromStore, compensation: true },
    })),
  );
  return {
    transfer: [
      {
        type: 'TransferFailed',
        data: { transferId, fromStore, toStore, reason, version: state.version + 1 },
      },
    ],
    stock,
  };
}
