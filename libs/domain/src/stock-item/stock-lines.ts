import type { StockAlertEvent, StockChangeEvent } from './stock-item.events';
import { evolveStockItem, type StockItemState } from './stock-item.state';

/** The stock items of one store a multi-line command touches, by SKU, with each product's threshold. */
export interface ItemsBySku {
  items: Map<string, StockItemState>;
  thresholds: Map<string, number>;
}

export type StockEvents = Array<StockChangeEvent | StockAlertEvent>;

export interface StockLine {
  sku: string;
  qty: number;
}

/**
 * Applies `change` to each line's item in order. The map is updated in place, so the caller persists
 * exactly the states these events lead to; a refusal on any line throws before anything is persisted.
 */
export function changeLines(
  lines: StockLine[],
  { items, thresholds }: ItemsBySku,
  change: (item: StockItemState, line: StockLine, threshold: number) => StockEvents,
): StockEvents {
  return lines.flatMap((line) => {
    const item = items.get(line.sku)!;
    const events = change(item, line, thresholds.get(line.sku)!);
    items.set(line.sku, events.reduce(evolveStockItem, item));
    return events;
  });
}
