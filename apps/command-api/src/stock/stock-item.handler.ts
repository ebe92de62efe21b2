import { Injectable } from '@nestjs/common';
import { assertNever, decideStock, type Stock, type StockCommand } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import type { CommandHandler } from '../command-store/repository';
import { StockItemRepository, type StockSelection } from './stock-item.repository';

/** The items each stock command locks: the one it names, a store's snapshot, or a SKU in every store. */
function selection(command: StockCommand): StockSelection {
  switch (command.type) {
    case 'AdjustStock':
    case 'CountStock':
      return [{ storeId: command.data.storeId, sku: command.data.sku }];
    case 'ReconcileStock':
      return command.data.counts.map(({ sku }) => ({ storeId: command.data.storeId, sku }));
    case 'Purchase':
      return { everyStoreOf: command.data.sku };
    default:
      return assertNever(command);
  }
}

/** The stock-item decider's commands: each locks its items, is decided, and saved, in one update. */
@Injectable()
export class StockItemHandler implements CommandHandler<StockCommand, Stock> {
  constructor(private readonly items: StockItemRepository) {}

  execute(tx: CommandTx, command: StockCommand) {
    return this.items.update(tx, selection(command), (stock) => decideStock(command, stock));
  }
}
