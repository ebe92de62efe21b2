import {
  assertNever,
  reconcileLines,
  type ReconciledLine,
  type ReconcileStock,
  type Stock,
} from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';

export interface DiscrepancyLine {
  sku: string;
  previousOnHand: number | null;
  counted: number;
  discrepancy: number | null;
  applied: boolean;
  problem?: { code: string; message: string };
}

/** A line of a known product: how far its count is from what was on hand. */
function judged({ sku, counted, previousOnHand }: { sku: string; counted: number; previousOnHand: number }) {
  return { sku, previousOnHand, counted, discrepancy: counted - previousOnHand };
}

/** A line that was not a match, as the answer reports it. */
function discrepancy(line: ReconciledLine): DiscrepancyLine[] {
  const { sku, counted } = line;
  switch (line.result) {
    case 'matched':
      return [];
    case 'unknown-product': {
      const problem = { code: 'PRODUCT.NOT_FOUND', message: `product ${sku} does not exist` };
      return [{ sku, previousOnHand: null, counted, discrepancy: null, applied: false, problem }];
    }
    case 'applied':
      return [{ ...judged(line), applied: true }];
    case 'refused': {
      const problem = { code: line.error.code, message: line.error.message };
      return [{ ...judged(line), applied: false, problem }];
    }
    default:
      return assertNever(line);
  }
}

/**
 * Every SKU whose count differs is reported as a discrepancy, applied or not (an unknown product, a
 * count below what is reserved); the lines are judged on the stock as it was before.
 */
export function presentReconciliation(command: ReconcileStock): Presenter<Stock> {
  const { reconciliationId, storeId, source, counts } = command.data;
  return ({ before }) => {
    const lines = reconcileLines(command, before).flatMap(discrepancy);
    const body = {
      reconciliationId,
      storeId,
      source,
      checked: counts.length,
      matched: counts.length - lines.length,
      discrepancies: lines,
    };
    return { status: 202, body, headers: {} };
  };
}
