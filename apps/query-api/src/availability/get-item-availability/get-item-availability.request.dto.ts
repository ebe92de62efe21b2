import { IsString, Matches } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';

export class GetItemAvailabilityRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;
}
