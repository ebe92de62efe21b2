import { Optional } from '@inventory/platform';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { IsString, Length, Matches } from 'class-validator';
import { IsStockSnapshot } from './stock-snapshot.validator';

export class CreateReconciliationRequest {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  storeId!: string;

  /** The external count: what is physically on hand per SKU. */
  @IsStockSnapshot()
  snapshotOnHand!: Record<string, number>;

  /** Where the count came from (e.g. "legacy_sync", "cycle-count"). */
  @Optional()
  @IsString()
  @Length(1, 128)
  source?: string;
}
