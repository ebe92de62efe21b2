export class GetAvailabilityQuery {
  constructor(
    readonly sku: string,
    readonly storeId?: string,
  ) {}
}
