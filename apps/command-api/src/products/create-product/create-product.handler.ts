import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DEFAULT_LOW_STOCK_THRESHOLD,
  decideAdjustStock,
  decideCreateProduct,
  evolveProduct,
  evolveStockItem,
  levels,
  NoStoreRegistered,
} from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import { productEvent, stockEvent } from '../../command-store/event-routing';
import type { CommandResult } from '../../command-store/pending-event';
import { itemId, lockItems, saveItems } from '../../stock/stock-item.repository';
import { insertProduct, loadProductForUpdate, lowestStockStore } from '../product.repository';
import { CreateProductCommand } from './create-product.command';

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: CreateProductCommand): Promise<CommandResult> {
    const { sku, name } = request;
    const lowStockThreshold = request.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
    const initialOnHand = request.initialOnHand ?? 0;
    return this.commands.execute(context, async (tx) => {
      const state = await loadProductForUpdate(tx, sku);
      const created = decideCreateProduct(
        { type: 'CreateProduct', data: { sku, name, lowStockThreshold } },
        state,
      );
      const product = created.reduce(evolveProduct, state);
      insertProduct(tx, product);
      const body = {
        sku,
        name,
        lowStockThreshold,
        initialOnHand,
        version: product.version,
        placement: null as unknown,
      };
      if (initialOnHand === 0) {
        return {
          status: 202,
          body,
          headers: { etag: `"${product.version}"` },
          events: created.map(productEvent),
        };
      }
      const storeId = await lowestStockStore(tx);
      if (!storeId) throw new NoStoreRegistered();
      const { items } = await lockItems(tx, [{ storeId, sku }]);
      const item = items.get(itemId(storeId, sku))!;
      const stocked = decideAdjustStock(
        {
          type: 'AdjustStock',
          data: { storeId, sku, delta: initialOnHand, reason: 'restock', threshold: lowStockThreshold },
        },
        item,
      );
      const next = stocked.reduce(evolveStockItem, item);
      saveItems(tx, items, [next]);
      body.placement = levels(next);
      return {
        status: 202,
        body,
        headers: { etag: `"${product.version}"` },
        events: [...created.map(productEvent), ...stocked.map(stockEvent)],
      };
    });
  }
}
