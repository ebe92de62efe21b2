import type { TimelinePosition } from './events-cursor';

export class ListEventsQuery {
  constructor(
    readonly since: Date,
    readonly limit: number,
    readonly storeId?: string,
    readonly sku?: string,
    readonly after?: TimelinePosition,
  ) {}
}
