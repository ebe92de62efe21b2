import { Optional, OptionalIntParam } from '@inventory/platform';
import { IsString, MaxLength, NotContains } from 'class-validator';

export const DEFAULT_TOTALS_SIZE = 50;
export const MAX_TOTALS_SIZE = 500;
const MAX_PAGE = 1_000_000;

export class ListProductTotalsRequest {
  /** Case-insensitive part of a SKU or product name; empty matches everything. */
  @Optional()
  @IsString()
  @MaxLength(100)
  // PostgreSQL text cannot hold NUL: refused here rather than failing the query.
  @NotContains('\u0000', { message: 'q must not contain a NUL character' })
  q?: string;

  /** Numbered from 0, as in the seed's contract. */
  @OptionalIntParam(0, MAX_PAGE)
  page?: number;

  @OptionalIntParam(1, MAX_TOTALS_SIZE)
  size?: number;
}
