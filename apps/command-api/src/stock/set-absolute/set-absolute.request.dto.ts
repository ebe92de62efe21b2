import { Optional, TraceIdField } from '@inventory/platform';
import { MAX_ON_HAND } from '@inventory/domain';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { ItemRequest } from '../../shared/item-request.dto';

export class SetAbsoluteRequest extends ItemRequest {
  @IsInt()
  @Min(0)
  @Max(MAX_ON_HAND)
  onHand!: number;

  /** The physical count or audit cycle this number comes from. */
  @Optional()
  @IsString()
  @Length(1, 128)
  countRef?: string;

  /** The seed's body field for the trace id; the trace headers win when both are sent. */
  @TraceIdField()
  traceId?: string;
}
