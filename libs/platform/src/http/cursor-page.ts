import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Optional } from './validation';

/** An optional whole-number query parameter in [min, max]; query strings arrive as text. */
export function OptionalIntParam(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** The request of a read paged by an opaque cursor (the answer is a `CursorPage` of @inventory/contracts): `cursor` (a previous page's `nextCursor`) and `limit`. */
export function CursorPageRequest(maxLimit: number) {
  class CursorPageRequest {
    /** The `nextCursor` of a previous page: continue after it. */
    @Optional()
    @IsString()
    cursor?: string;

    @OptionalIntParam(1, maxLimit)
    limit?: number;
  }
  return CursorPageRequest;
}

/** The request of a read paged by row id: `after` (the last id of the previous page) and `limit`. */
export function IdCursorPageRequest(maxLimit: number) {
  class IdCursorPageRequest {
    @OptionalIntParam(1, maxLimit)
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
  return IdCursorPageRequest;
}
