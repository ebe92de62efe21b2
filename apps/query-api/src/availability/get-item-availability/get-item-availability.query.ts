export class GetItemAvailabilityQuery {
  constructor(readonly sku: string) {}
}
