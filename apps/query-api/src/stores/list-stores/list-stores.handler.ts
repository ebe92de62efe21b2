import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { ListStoresQuery } from './list-stores.query';

export interface StoreView {
  storeId: string;
  name: string;
  latencyMs: number;
  version: number;
}

export interface StoreList {
  items: StoreView[];
}

/** Every registered store, by id: a chain has hundreds, not millions, so there is no paging. */
@QueryHandler(ListStoresQuery)
export class ListStoresHandler implements IQueryHandler<ListStoresQuery, StoreList> {
  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async execute(): Promise<StoreList> {
    const items = await this.database.query<StoreView>(
      `SELECT store_id AS "storeId", name, latency_ms AS "latencyMs", version
         FROM read.store_view ORDER BY store_id`,
    );
    return { items };
  }
}
