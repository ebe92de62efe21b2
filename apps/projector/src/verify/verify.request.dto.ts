import { Optional } from '@inventory/platform';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class VerifyRequest {
  /** Projection lag to tolerate (default `VERIFY_LAG_TOLERANCE_MS`); 0 re-projects anything behind. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  lagToleranceMs?: number;
}
