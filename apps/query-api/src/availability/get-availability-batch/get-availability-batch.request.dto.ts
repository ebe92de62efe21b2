import { Optional } from '@inventory/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';

export const MAX_BATCH_SKUS = 1000;

export class GetAvailabilityBatchRequest {
  /** 1–1000 SKUs; a SKU named twice is answered once. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SKUS)
  @IsString({ each: true })
  @Matches(ID_PATTERN, {
    each: true,
    message: 'each of $property must be 1-64 characters of A-Z a-z 0-9 . _ : -',
  })
  skus!: string[];

  @Optional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId?: string;
}
