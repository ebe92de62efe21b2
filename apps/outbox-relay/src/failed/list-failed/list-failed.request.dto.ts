import { Optional } from '@inventory/platform';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class ListFailedRequest {
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** Cursor: the last id of the previous page. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Ids are PostgreSQL bigints; past 2^53 a JS number no longer holds one exactly (and past 2^63 the query failed).
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;
}
