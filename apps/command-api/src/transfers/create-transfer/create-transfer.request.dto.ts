import { Optional } from '@inventory/platform';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { IsString, Length, Matches } from 'class-validator';
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

  /** Accepted for compatibility with the seed's body; the trace id travels in headers. */
  @Optional()
  @IsString()
  @Length(1, 128)
  traceId?: string;
}
