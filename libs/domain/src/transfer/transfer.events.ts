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
