import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { IsString, Matches } from 'class-validator';

/** The item a single-item stock command names: one SKU in one store. */
export class ItemRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;
}
