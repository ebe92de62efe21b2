import { Injectable } from '@nestjs/common';
import {
  decideProduct,
  type ProductCommand,
  type ProductDecisionEvent,
  type ProductWithStock,
} from '@inventory/domain';
import { DeciderHandler } from '../command-store/repository';
import { ProductRepository, type ProductIds } from './product.repository';

/** A product row, and the item its initial stock goes to when it has some. */
function ids(command: ProductCommand): ProductIds {
  const { sku, initialOnHand } = command.data;
  return { sku, placeStock: initialOnHand > 0 };
}

@Injectable()
export class ProductHandler extends DeciderHandler<
  ProductCommand,
  ProductIds,
  ProductWithStock,
  ProductDecisionEvent
> {
  constructor(products: ProductRepository) {
    super(products, ids, decideProduct);
  }
}
