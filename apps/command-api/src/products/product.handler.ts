import { Injectable } from '@nestjs/common';
import {
  decideProduct,
  type ProductCommand,
  type ProductDecisionEvent,
  type ProductWithStock,
} from '@inventory/domain';
import { DeciderHandler } from '../command-store/repository';
import { ProductRepository, type ProductIds } from './product.repository';

@Injectable()
export class ProductHandler extends DeciderHandler<
  ProductCommand,
  ProductIds,
  ProductWithStock,
  ProductDecisionEvent
> {
  constructor(products: ProductRepository) {
    super(products);
  }

  protected ids(command: ProductCommand): ProductIds {
    const { sku, initialOnHand } = command.data;
    return { sku, placeStock: initialOnHand > 0 };
  }

  protected decide(command: ProductCommand, state: ProductWithStock) {
    return decideProduct(command, state);
  }
}
