import { Optional } from '@inventory/platform';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class ListDeadLettersRequest {
  /** The source topic, e.g. `stock.events`. */
  @Optional()
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{0,120}$/, { message: 'topic must be a topic name such as stock.events' })
  topic?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
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
