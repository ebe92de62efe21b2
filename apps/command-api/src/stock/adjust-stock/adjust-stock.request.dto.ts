import { ADJUSTMENT_REASONS, type AdjustmentReason } from '@inventory/domain';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, NotEquals } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';

/** One adjustment moves at most a million units either way. */
export const MAX_DELTA = 1_000_000;

export class AdjustStockRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;

  @IsInt()
  @NotEquals(0)
  @Min(-MAX_DELTA)
  @Max(MAX_DELTA)
  delta!: number;

  @IsIn(ADJUSTMENT_REASONS)
  reason!: AdjustmentReason;

  /** Accepted for compatibility with the seed's body; the trace id travels in headers. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  traceId?: string;
}
