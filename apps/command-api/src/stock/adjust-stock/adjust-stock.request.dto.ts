import { TraceIdField } from '@inventory/platform';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '@inventory/domain';
import { IsIn, IsInt, Max, Min, NotEquals } from 'class-validator';
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

  /** The seed's body field for the trace id; the trace headers win when both are sent. */
  @TraceIdField()
  traceId?: string;
}
