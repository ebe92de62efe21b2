import { tag, type Decider } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { changeLines, changeStock, linesAt, requireItems } from '../stock-item/stock-change';
import type { Catalog } from '../stock-item/stock-item.state';
import {
  evolveWithStock,
  foldWithStock,
  initialWithStock,
  onStock,
  type WithStock,
  type WithStockEvent,
} from '../stock-item/with-stock';
import { SameStoreTransfer } from './transfer.errors';
import type { TransferEvent, TransferLine } from './transfer.events';
import { evolveTransfer, initialTransferState, type TransferState } from './transfer.state';

/** Step 1 of the saga: the units leave the source (all lines or none) and are in transit. */
export interface InitiateTransfer {
  type: 'InitiateTransfer';
  data: { transferId: string; fromStore: string; toStore: string; lines: TransferLine[] };
}

/** Step 2: the units arrive at the destination. Refused (e.g. over the item limit) when they cannot. */
export interface CompleteTransfer {
  type: 'CompleteTransfer';
  data: { transferId: string };
}

/** Compensation: the destination step was refused, so the units go back into the source. */
export interface CompensateTransfer {
  type: 'CompensateTransfer';
  data: { transferId: string; reason: string };
}

export type TransferCommand = InitiateTransfer | CompleteTransfer | CompensateTransfer;

/** A transfer and the stock items of its lines: the source's, the destination's, or both. */
export type TransferWithStock = WithStock<TransferState>;

export type TransferDecisionEvent = WithStockEvent<'transfer', TransferEvent>;

const onTransfer = tag<'transfer', TransferEvent>('transfer');

export function initialTransferWithStock(init: { transferId: string; catalog: Catalog }): TransferWithStock {
  return initialWithStock(initialTransferState(init.transferId), init.catalog);
}

export const foldTransferWithStock = foldWithStock<'transfer', TransferState, TransferEvent>(evolveTransfer);

export const evolveTransferWithStock = evolveWithStock<'transfer', TransferState, TransferEvent>(
  evolveTransfer,
);

function initiateTransfer(command: InitiateTransfer, { stock }: TransferWithStock): TransferDecisionEvent[] {
  const { transferId, fromStore, toStore, lines } = command.data;
  requireItems(stock, [...linesAt(fromStore, lines), ...linesAt(toStore, lines)]);
  if (fromStore === toStore) throw new SameStoreTransfer(fromStore);
  const out = changeLines(stock, fromStore, lines, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand - line.qty, reserved: item.reserved }, threshold, (levels) => ({
      type: 'StockTransferredOut',
      data: { ...levels, qty: line.qty, transferId, toStore },
    })),
  );
  return [
    onTransfer({ type: 'TransferInitiated', data: { ...command.data, version: 1 } }),
    ...out.map(onStock),
  ];
}

/** Puts the lines into `storeId`: the destination on arrival, the source on compensation. */
function bringIn({ root, stock }: TransferWithStock, storeId: string, compensation: boolean) {
  const { transferId, fromStore, lines } = root;
  requireItems(stock, linesAt(storeId, lines));
  return changeLines(stock, storeId, lines, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand + line.qty, reserved: item.reserved }, threshold, (levels) => ({
      type: 'StockTransferredIn',
      data: { ...levels, qty: line.qty, transferId, fromStore, compensation },
    })),
  );
}

/**
 * Saga steps run at least once (the request path and the recovery sweep may race): a step that finds
 * the transfer no longer in transit does nothing.
 */
function completeTransfer(state: TransferWithStock): TransferDecisionEvent[] {
  if (state.root.status !== 'IN_TRANSIT') return [];
  const stock = bringIn(state, state.root.toStore, false);
  const { transferId, fromStore, toStore, version } = state.root;
  return [
    onTransfer({ type: 'TransferCompleted', data: { transferId, fromStore, toStore, version: version + 1 } }),
    ...stock.map(onStock),
  ];
}

function compensateTransfer(command: CompensateTransfer, state: TransferWithStock): TransferDecisionEvent[] {
  if (state.root.status !== 'IN_TRANSIT') return [];
  const stock = bringIn(state, state.root.fromStore, true);
  const { transferId, fromStore, toStore, version } = state.root;
  const reason = command.data.reason;
  return [
    onTransfer({
      type: 'TransferFailed',
      data: { transferId, fromStore, toStore, reason, version: version + 1 },
    }),
    ...stock.map(onStock),
  ];
}

export function decideTransfer(command: TransferCommand, state: TransferWithStock): TransferDecisionEvent[] {
  switch (command.type) {
    case 'InitiateTransfer':
      return initiateTransfer(command, state);
    case 'CompleteTransfer':
      return completeTransfer(state);
    case 'CompensateTransfer':
      return compensateTransfer(command, state);
    default:
      return assertNever(command);
  }
}

export const transferDecider: Decider<
  TransferCommand,
  TransferDecisionEvent,
  TransferWithStock,
  Parameters<typeof initialTransferWithStock>[0]
> = {
  initialState: initialTransferWithStock,
  evolve: evolveTransferWithStock,
  decide: decideTransfer,
};
