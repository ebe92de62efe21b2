import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideAdjustStock } from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import type { CommandResult } from '../../command-store/pending-event';
import { changeOneItem } from '../change-one-item';
import { AdjustStockCommand } from './adjust-stock.command';

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: AdjustStockCommand): Promise<CommandResult> {
    const { storeId, sku, delta, reason } = request;
    return this.commands.execute(context, (tx) =>
      changeOneItem(tx, { storeId, sku }, (state, threshold) =>
        decideAdjustStock(
          {
            type: 'AdjustStock',
            data: { storeId, sku, delta, reason, threshold, expectedVersion: context.expectedVersion },
          },
          state,
        ),
      ),
    );
  }
}
