import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { isoMillis } from '../../shared/iso-time';
import { ListProductTotalsQuery } from './list-product-totals.query';

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';

export interface ProductTotals {
  sku: string;
  name: string | null;
  totalOnHand: number;
  totalReserved: number;
  totalAvailable: number;
  status: StockStatus;
  updatedAt: string;
}

export interface ProductTotalsPage {
  items: ProductTotals[];
  page: number;
  size: number;
  total: number;
}

/** One round trip: the page and the count of everything matching. */
const PAGE = `
  WITH matching AS (
    SELECT * FROM read.product_totals_view
     WHERE $1 = '' OR sku ILIKE '%' || $1 || '%' OR name ILIKE '%' || $1 || '%')
  SELECT (SELECT count(*) FROM matching)::int AS total,
         coalesce(json_agg(json_build_object(
           'sku', p.sku, 'name', p.name, 'totalOnHand', p.total_on_hand,
           'totalReserved', p.total_reserved, 'totalAvailable', p.total_available,
           'status', p.status, 'updatedAt', ${isoMillis('p.updated_at')}) ORDER BY p.sku), '[]') AS items
    FROM (SELECT * FROM matching ORDER BY sku LIMIT $2 OFFSET $3) AS p`;

/** `%`, `_` and `\` in the search text match themselves, not patterns. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Products with their totals across stores and stock band, by SKU, a page at a time. */
@QueryHandler(ListProductTotalsQuery)
export class ListProductTotalsHandler implements IQueryHandler<ListProductTotalsQuery, ProductTotalsPage> {
  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async execute({ q, page, size }: ListProductTotalsQuery): Promise<ProductTotalsPage> {
    const [row] = await this.database.query<{ total: number; items: ProductTotals[] }>(PAGE, [
      likeLiteral(q),
      size,
      page * size,
    ]);
    return { items: row!.items, page, size, total: row!.total };
  }
}
