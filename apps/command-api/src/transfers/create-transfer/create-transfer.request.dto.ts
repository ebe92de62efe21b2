import { TraceIdField } from '@inventory/platform';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { IsString, Matches } from 'class-validator';
import { LineDto, ValidLines } from '../../shared/line.dto';

export class CreateTransferRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  fromStore!: string;

  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  toStore!: string;

  @ValidLines()
  lines!: LineDto[];

  /** The seed's body field for the trace id; the trace headers win when both are sent. */
  @TraceIdField()
  traceId?: string;
}
