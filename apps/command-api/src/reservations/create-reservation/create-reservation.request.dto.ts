import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { LineDto, MAX_LINES } from '../../shared/line.dto';

export const DEFAULT_TTL_SECONDS = 900;
export const MAX_TTL_SECONDS = 604_800;

export class CreateReservationRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @ArrayUnique((line: LineDto) => line?.sku, { message: 'lines must name each sku once' })
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TTL_SECONDS)
  ttlSeconds?: number;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  customerId?: string;
}
