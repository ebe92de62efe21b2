import { Optional, TraceIdField } from '@inventory/platform';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { PURCHASE_POLICIES, type PurchasePolicy } from '@inventory/domain';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export const MAX_QTY = 1_000_000;

export class PurchaseRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_QTY)
  qty!: number;

  @Optional()
  @IsString()
  @Length(1, 128)
  customerId?: string;

  @Optional()
  @IsIn(PURCHASE_POLICIES)
  policy?: PurchasePolicy;

  /** The seed's body field for the trace id; the trace headers win when both are sent. */
  @TraceIdField()
  traceId?: string;
}
