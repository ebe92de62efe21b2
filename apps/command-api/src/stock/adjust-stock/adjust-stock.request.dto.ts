import { Optional } from '@inventory/platform';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '@inventory/domain';
import { IsIn, IsInt, IsString, Length, Max, Min, NotEquals } from 'class-validator';
import { ItemRequest } from '../../shared/item-request.dto';

/** One adjustment moves at most a million units either way. */
export const MAX_DELTA = 1_000_000;

export class AdjustStockRequest extends ItemRequest {
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_DELTA)
  @Max(MAX_DELTA)
  delta!: number;

  @IsIn(ADJUSTMENT_REASONS)
  reason!: AdjustmentReason;

  /** Accepted for compatibility with the seed's body; the trace id travels in headers. */
  @Optional()
  @IsString()
  @Length(1, 128)
  traceId?: string;
}
