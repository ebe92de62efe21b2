import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideAdjustStock, evolveStockItem, levels, StoreNotFound } from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import type { CommandResult } from '../../command-store/pending-event';
import { stockEvent } from '../stock-events';
import { lockStockItem, saveStockItem } from '../stock-item.repository';
import { AdjustStockCommand } from './adjust-stock.command';

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: AdjustStockCommand): Promise<CommandResult> {
    const { storeId, sku, delta, reason } = request;
    return this.commands.execute(context, async (tx) => {
      const { state, storeExists } = await lockStockItem(tx, storeId, sku);
      if (!storeExists) throw new StoreNotFound(storeId);
      const command = {
        type: 'AdjustStock' as const,
        data: { storeId, sku, delta, reason, expectedVersion: context.expectedVersion },
      };
      const events = decideAdjustStock(command, state);
      const next = events.reduce(evolveStockItem, state);
      await saveStockItem(tx, state.version, next);
      return {
        status: 202,
        body: levels(next),
        headers: { etag: `"${next.version}"` },
        events: events.map(stockEvent),
      };
    });
  }
}
