import { randomUUID } from 'node:crypto';
import type { InitiateTransfer } from '@inventory/domain';
import type { CreateTransferRequest } from './create-transfer.request.dto';

/** Step 1's domain command; the transfer's id is minted here. */
export function initiateTransferCommand(request: CreateTransferRequest): InitiateTransfer {
  const { fromStore, toStore } = request;
  const lines = request.lines.map(({ sku, qty }) => ({ sku, qty }));
  return { type: 'InitiateTransfer', data: { transferId: randomUUID(), fromStore, toStore, lines } };
}
