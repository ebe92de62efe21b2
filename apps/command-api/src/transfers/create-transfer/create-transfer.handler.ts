import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideInitiateTransfer, evolveTransfer, initialTransferState } from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import { stockEvent, transferEvent } from '../../command-store/event-routing';
import type { CommandResult } from '../../command-store/pending-event';
import { bySku, lockItems, saveItems } from '../../stock/stock-item.repository';
import { saveTransfer, transferView } from '../transfer.repository';
import { TransferSaga } from '../transfer-saga';
import { CreateTransferCommand } from './create-transfer.command';

/**
 * The transfer mini-saga. Step 1 (this request's keyed transaction): the units leave the source and
 * are in transit. Step 2 (its own transaction): they arrive at the destination, or go back to the
 * source if the destination refuses them. The stored outcome under the key is replaced by the final
 * one, so a retry sees where the transfer ended.
 */
@CommandHandler(CreateTransferCommand)
export class CreateTransferHandler implements ICommandHandler<CreateTransferCommand, CommandResult> {
  constructor(
    private readonly commands: CommandStore,
    private readonly saga: TransferSaga,
  ) {}

  async execute({ context, request }: CreateTransferCommand): Promise<CommandResult> {
    const transferId = randomUUID();
    const { fromStore, toStore } = request;
    const lines = request.lines.map(({ sku, qty }) => ({ sku, qty }));
    const initiated = await this.commands.execute(context, async (tx) => {
      const locked = await lockItems(tx, [
        ...lines.map((line) => ({ storeId: fromStore, sku: line.sku })),
        ...lines.map((line) => ({ storeId: toStore, sku: line.sku })),
      ]);
      const source = { items: bySku(locked.items, fromStore), thresholds: locked.thresholds };
      const decision = decideInitiateTransfer(
        { type: 'InitiateTransfer', data: { transferId, fromStore, toStore, lines } },
        source,
      );
      const state = decision.transfer.reduce(evolveTransfer, initialTransferState(transferId));
      await saveItems(tx, locked.items, source.items.values());
      await saveTransfer(tx, state, true);
      return {
        status: 202,
        body: transferView(state),
        headers: { location: `/v1/transfers/${transferId}` },
        events: [...decision.transfer.map(transferEvent), ...decision.stock.map(stockEvent)],
      };
    });
    if (initiated.status !== 202 || initiated.headers['idempotent-replayed']) return initiated;
    return this.saga.finish(transferId, context);
  }
}
