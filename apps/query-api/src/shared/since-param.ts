import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsOptional } from 'class-validator';

/** An optional ISO 8601 instant (`2025-01-31T12:00:00Z`) a listing starts at. */
export function OptionalSinceParam(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsISO8601(
      { strict: true },
      { message: '$property must be an ISO 8601 time such as 2025-01-31T12:00:00Z' },
    ),
  );
}

/** The instant of a validated `since`, the epoch when absent. */
export function sinceOf(since: string | undefined): Date {
  return since === undefined ? new Date(0) : new Date(since);
}
