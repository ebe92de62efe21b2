export class GetAvailabilityBatchQuery {
  constructor(
    readonly skus: readonly string[],
    readonly storeId?: string,
  ) {}
}
