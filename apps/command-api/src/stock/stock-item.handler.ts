import { Injectable } from '@nestjs/common';
import {
  assertNever,
  decideStock,
  type Stock,
  type StockCommand,
  type StockItemEvent,
} from '@inventory/domain';
import { DeciderHandler } from '../command-store/repository';
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
export class StockItemHandler extends DeciderHandler<StockCommand, StockSelection, Stock, StockItemEvent> {
  constructor(items: StockItemRepository) {
    super(items, selection, decideStock);
  }
}
