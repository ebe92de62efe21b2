import { Injectable } from '@nestjs/common';
import { decideProduct, type ProductCommand, type ProductWithStock } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import type { CommandHandler } from '../command-store/repository';
import { ProductRepository } from './product.repository';

@Injectable()
export class ProductHandler implements CommandHandler<ProductCommand, ProductWithStock> {
  constructor(private readonly products: ProductRepository) {}

  execute(tx: CommandTx, command: ProductCommand) {
    const { sku, initialOnHand } = command.data;
    return this.products.update(tx, { sku, placeStock: initialOnHand > 0 }, (state) =>
      decideProduct(command, state),
    );
  }
}
