import { Optional } from '@inventory/platform';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { LineDto, ValidLines } from '../../shared/line.dto';

export const DEFAULT_TTL_SECONDS = 900;
export const MAX_TTL_SECONDS = 604_800;

export class CreateReservationRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  @ValidLines()
  lines!: LineDto[];

  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_TTL_SECONDS)
  ttlSeconds?: number;

  @Optional()
  @IsString()
  @Length(1, 128)
  customerId?: string;
}
