import { CursorPageRequest, Optional } from '@inventory/platform';
import { IsString, Matches } from 'class-validator';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { OptionalSinceParam } from '../../shared/since-param';

export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 1000;

export class ListEventsRequest extends CursorPageRequest(MAX_EVENTS_LIMIT) {
  @Optional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId?: string;

  @Optional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku?: string;

  /** Only events that occurred at or after this time. */
  @OptionalSinceParam()
  since?: string;
}
