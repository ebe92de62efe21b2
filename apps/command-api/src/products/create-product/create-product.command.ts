import type { WriteContext } from '@inventory/platform';
import type { CreateProductRequest } from './create-product.request.dto';

export class CreateProductCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: CreateProductRequest,
  ) {}
}
