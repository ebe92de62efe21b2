import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AvailabilityBatchResponse } from '@inventory/contracts';
import { summarize } from '../availability-summary';
import { AvailabilityReader } from '../availability.reader';
import { GetAvailabilityBatchQuery } from './get-availability-batch.query';

/**
 * Many SKUs in one call (the bulk API of seeds/001): one Redis round trip, one PostgreSQL query for
 * what Redis lacks. Each SKU is answered once, in the order first asked; SKUs without stock (in the
 * store asked about, if any) are listed as missing rather than failing the call.
 */
@QueryHandler(GetAvailabilityBatchQuery)
export class GetAvailabilityBatchHandler implements IQueryHandler<
  GetAvailabilityBatchQuery,
  AvailabilityBatchResponse
> {
  constructor(private readonly reader: AvailabilityReader) {}

  async execute({ skus, storeId }: GetAvailabilityBatchQuery): Promise<AvailabilityBatchResponse> {
    const unique = [...new Set(skus)];
    const found = await this.reader.bySku(unique);
    const answer: AvailabilityBatchResponse = { items: [], missing: [] };
    for (const sku of unique) {
      const item = summarize(sku, found.get(sku) ?? [], storeId);
      if (item.perStore.length === 0) answer.missing.push(sku);
      else answer.items.push(item);
    }
    return answer;
  }
}
