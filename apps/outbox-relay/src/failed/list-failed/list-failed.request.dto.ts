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
  after?: number;
}
