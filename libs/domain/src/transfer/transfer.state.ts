import { assertNever } from '../shared/exhaustive';
import type { TransferEvent, TransferLine, TransferStatus } from './transfer.events';

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
