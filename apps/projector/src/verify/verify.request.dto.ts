import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class VerifyRequest {
  /** Projection lag to tolerate (default `VERIFY_LAG_TOLERANCE_MS`); 0 re-projects anything behind. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  lagToleranceMs?: number;
}
