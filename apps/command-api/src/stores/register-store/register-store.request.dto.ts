import { Optional } from '@inventory/platform';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';

export class RegisterStoreRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  /** Typical fulfilment latency; `lowest-latency` purchases prefer the smallest. */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  latencyMs?: number;
}
