import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AvailabilityResponse } from '@inventory/contracts';
import { NotFound } from '@inventory/platform';
import { summarize } from '../availability-summary';
import { AvailabilityReader } from '../availability.reader';
import { GetAvailabilityQuery } from './get-availability.query';

@QueryHandler(GetAvailabilityQuery)
export class GetAvailabilityHandler implements IQueryHandler<GetAvailabilityQuery, AvailabilityResponse> {
  constructor(private readonly reader: AvailabilityReader) {}

  async execute({ sku, storeId }: GetAvailabilityQuery): Promise<AvailabilityResponse> {
    const all = await this.reader.perStore(sku);
    if (all.length === 0) throw new NotFound('AVAILABILITY.NOT_FOUND', `no stock is known for SKU ${sku}`);
    return summarize(sku, all, storeId);
  }
}
