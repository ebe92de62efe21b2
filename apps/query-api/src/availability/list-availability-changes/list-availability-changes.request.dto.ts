import { Optional } from '@inventory/platform';
import { IsString, Matches } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { OptionalIntParam } from '../../shared/paging';
import { OptionalSinceParam } from '../../shared/since-param';

export const DEFAULT_CHANGES_LIMIT = 100;
export const MAX_CHANGES_LIMIT = 1000;

export class ListAvailabilityChangesRequest {
  /** Only items changed at or after this time; the epoch when absent. */
  @OptionalSinceParam()
  since?: string;

  /** The `nextCursor` of a previous answer: continue after it. */
  @Optional()
  @IsString()
  cursor?: string;

  @OptionalIntParam(1, MAX_CHANGES_LIMIT)
  limit?: number;

  @Optional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId?: string;
}
