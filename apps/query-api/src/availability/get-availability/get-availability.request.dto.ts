import { Optional } from '@inventory/platform';
import { IsString, Matches } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';

export class GetAvailabilityRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;

  @Optional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId?: string;
}
