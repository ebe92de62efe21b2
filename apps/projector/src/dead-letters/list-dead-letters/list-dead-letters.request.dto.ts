import { IdCursorPageRequest, Optional } from '@inventory/platform';
import { IsString, Matches } from 'class-validator';

export class ListDeadLettersRequest extends IdCursorPageRequest(500) {
  /** The source topic, e.g. `stock.events`. */
  @Optional()
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{0,120}$/, { message: 'topic must be a topic name such as stock.events' })
  topic?: string;
}
