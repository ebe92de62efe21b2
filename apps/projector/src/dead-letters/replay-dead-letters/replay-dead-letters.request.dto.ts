import { Optional } from '@inventory/platform';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsObject, Matches } from 'class-validator';

export class ReplayDeadLettersRequest {
  /** Dead letters to re-deliver to their source topics, by id. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^[1-9]\d{0,17}$/, { each: true, message: 'each id must be a dead letter id' })
  ids!: string[];

  /**
   * A corrected event envelope to deliver instead of the stored message (only with exactly one id).
   * It must pass the event's JSON Schema.
   */
  @Optional()
  @IsObject()
  replacement?: Record<string, unknown>;
}
