import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AvailabilityResponse } from '@inventory/contracts';
import { NotFound } from '@inventory/platform';
import { summarize } from '../availability-summary';
import { AvailabilityReader } from '../availability.reader';
import { GetItemAvailabilityQuery } from './get-item-availability.query';

/** Every store's numbers for one SKU, with the totals across them. */
@QueryHandler(GetItemAvailabilityQuery)
export class GetItemAvailabilityHandler implements IQueryHandler<
  GetItemAvailabilityQuery,
  AvailabilityResponse
> {
  constructor(private readonly reader: AvailabilityReader) {}

  async execute({ sku }: GetItemAvailabilityQuery): Promise<AvailabilityResponse> {
    const rows = await this.reader.perStore(sku);
    if (rows.length === 0) throw new NotFound('AVAILABILITY.NOT_FOUND', `no stock is known for SKU ${sku}`);
    return summarize(sku, rows);
  }
}
