import { Injectable } from '@nestjs/common';
import {
  assertNever,
  decideTransfer,
  linesAt,
  type TransferCommand,
  type TransferDecisionEvent,
  type TransferState,
  type TransferWithStock,
} from '@inventory/domain';
import { DeciderHandler } from '../command-store/repository';
import type { WithStockIds } from '../stock/with-stock.repository';
import { TransferRepository } from './transfer.repository';

/** A later step moves the lines in one store, and only while the transfer is in transit. */
const inTransitAt = (store: 'fromStore' | 'toStore') => (root: TransferState) =>
  root.status === 'IN_TRANSIT' ? linesAt(root[store], root.lines) : [];

/** The rows each transfer command locks: the transfer's, then the items it moves. */
function ids(command: TransferCommand): WithStockIds<TransferState> {
  const id = command.data.transferId;
  switch (command.type) {
    case 'InitiateTransfer': {
      const { fromStore, toStore, lines } = command.data;
      // The destination's rows too: its store must exist, and the locks stay in one order.
      return { id, items: () => [...linesAt(fromStore, lines), ...linesAt(toStore, lines)], lock: 'new' };
    }
    case 'CompleteTransfer':
      return { id, items: inTransitAt('toStore') };
    case 'CompensateTransfer':
      return { id, items: inTransitAt('fromStore') };
    default:
      return assertNever(command);
  }
}

@Injectable()
export class TransferHandler extends DeciderHandler<
  TransferCommand,
  WithStockIds<TransferState>,
  TransferWithStock,
  TransferDecisionEvent
> {
  constructor(transfers: TransferRepository) {
    super(transfers, ids, decideTransfer);
  }
}
