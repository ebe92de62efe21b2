import type { TransferState, TransferWithStock } from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';

function transferView(state: TransferState) {
  const { transferId, fromStore, toStore, lines, status, failureReason, version } = state;
  return { transferId, fromStore, toStore, lines, status, failureReason, version };
}

/** Step 1's answer, stored under the key until the saga replaces it with where the transfer ended. */
export const presentInitiatedTransfer: Presenter<TransferWithStock> = ({ state: { root } }) => ({
  status: 202,
  body: transferView(root),
  headers: { location: `/v1/transfers/${root.transferId}` },
});

/** Where the transfer ended: the request's final answer and the one its key replays. */
export const presentTransfer: Presenter<TransferWithStock> = ({ state: { root } }) => ({
  status: 202,
  body: transferView(root),
  headers: { etag: `"${root.version}"`, location: `/v1/transfers/${root.transferId}` },
});
