export class ListAvailabilityChangesQuery {
  constructor(
    readonly since: Date,
    /** The last change number the client has seen; 0 for the start. */
    readonly afterSeq: bigint,
    readonly limit: number,
    readonly storeId?: string,
  ) {}
}
