import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AvailabilityResponse } from '@inventory/contracts';
import { ProblemError } from '@inventory/platform';
import { AvailabilityReader } from '../availability.reader';
import { GetAvailabilityQuery } from './get-availability.query';

@QueryHandler(GetAvailabilityQuery)
export class GetAvailabilityHandler implements IQueryHandler<GetAvailabilityQuery, AvailabilityResponse> {
  constructor(private readonly reader: AvailabilityReader) {}

  async execute({ sku, storeId }: GetAvailabilityQuery): Promise<AvailabilityResponse> {
    const all = await this.reader.perStore(sku);
    if (all.length === 0)
      throw new ProblemError(404, 'AVAILABILITY.NOT_FOUND', `no stock is known for SKU ${sku}`);
    const perStore = all
      .filter((row) => storeId === undefined || row.storeId === storeId)
      .sort((a, b) => a.storeId.localeCompare(b.storeId));
    return {
      sku,
      totalOnHand: perStore.reduce((sum, row) => sum + row.onHand, 0),
      totalReserved: perStore.reduce((sum, row) => sum + row.reserved, 0),
      totalAvailable: perStore.reduce((sum, row) => sum + row.available, 0),
      perStore,
    };
  }
}
