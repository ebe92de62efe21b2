import type { StockLine } from '@inventory/domain';

/**
 * Lines read back from a jsonb column, rebuilt in the key order the domain writes them: jsonb keeps
 * keys shortest first (`{qty, sku}`), so without this an answer's bytes depended on whether its state
 * was just decided or read back (the group-commit model test caught a batched answer differing so).
 */
export const storedLines = (lines: StockLine[]): StockLine[] => lines.map(({ sku, qty }) => ({ sku, qty }));
