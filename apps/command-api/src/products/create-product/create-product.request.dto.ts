import { Optional, TraceIdField } from '@inventory/platform';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { DEFAULT_LOW_STOCK_THRESHOLD, MAX_ON_HAND } from '@inventory/domain';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export class CreateProductRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  /** Units placed in the store with the least stock; 0 creates the product with no stock. */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_ON_HAND)
  initialOnHand?: number;

  /** `available` at or below this raises StockLow (default 3). */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  lowStockThreshold?: number = DEFAULT_LOW_STOCK_THRESHOLD;

  /** The seed's body field for the trace id; the trace headers win when both are sent. */
  @TraceIdField()
  traceId?: string;
}
