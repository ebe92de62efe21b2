import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { MAX_ON_HAND } from '@inventory/domain';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class SetAbsoluteRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_ON_HAND)
  onHand!: number;

  /** The physical count or audit cycle this number comes from. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  countRef?: string;
}
