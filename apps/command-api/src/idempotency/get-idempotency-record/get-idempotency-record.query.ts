export class GetIdempotencyRecordQuery {
  constructor(
    readonly principal: string,
    readonly key: string,
  ) {}
}
