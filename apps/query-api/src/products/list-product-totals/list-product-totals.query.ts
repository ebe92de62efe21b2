export class ListProductTotalsQuery {
  constructor(
    /** Matched as a substring, case-insensitively; empty matches everything. */
    readonly q: string,
    /** From 0. */
    readonly page: number,
    readonly size: number,
  ) {}
}
