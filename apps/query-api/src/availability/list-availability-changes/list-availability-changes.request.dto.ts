import { CursorPageRequest, Optional } from '@inventory/platform';
import { IsString, Matches } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { OptionalSinceParam } from '../../shared/since-param';

export const DEFAULT_CHANGES_LIMIT = 100;
export const MAX_CHANGES_LIMIT = 1000;

export class ListAvailabilityChangesRequest extends CursorPageRequest(MAX_CHANGES_LIMIT) {
  /** Only items changed at or after this time; the epoch when absent. */
  @OptionalSinceParam()
  since?: string;

  @Optional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId?: string;
}
