import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { LineDto, MAX_LINES } from '../../shared/line.dto';

export class CreateTransferRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  fromStore!: string;

  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  toStore!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @ArrayUnique((line: LineDto) => line?.sku, { message: 'lines must name each sku once' })
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];

  /** Accepted for compatibility with the seed's body; the trace id travels in headers. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  traceId?: string;
}
