import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CountBelowReserved,
  decideReconcileStock,
  evolveStockItem,
  StoreNotFound,
  type StockItemEvent,
} from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { CommandStore } from '../../command-store/command-store';
import { stockEvent } from '../../command-store/event-routing';
import type { CommandResult } from '../../command-store/pending-event';
import { itemId, lockItems, saveItems } from '../../stock/stock-item.repository';
import { CreateReconciliationCommand } from './create-reconciliation.command';

export interface DiscrepancyLine {
  sku: string;
  previousOnHand: number | null;
  counted: number;
  discrepancy: number | null;
  applied: boolean;
  problem?: { code: string; message: string };
}

/** Products and store of a snapshot that exist; unknown SKUs are reported rather than refused. */
async function knownSkus(tx: CommandTx, storeId: string, skus: string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ store: boolean; skus: string[] | null }>(
    `SELECT EXISTS (SELECT 1 FROM command.stores WHERE store_id = $1 AND active) AS store,
            (SELECT array_agg(sku) FROM command.products WHERE sku = ANY($2::text[])) AS skus`,
    [storeId, skus],
  );
  if (!rows[0]!.store) throw new StoreNotFound(storeId);
  return new Set(rows[0]!.skus ?? []);
}

/**
 * Applies an external count of one store: every SKU whose count differs is set to it (StockReconciled)
 * and reported as a discrepancy. Lines that cannot apply — unknown product, count below what is
 * reserved — are reported too and change nothing; the others still apply.
 */
@CommandHandler(CreateReconciliationCommand)
export class CreateReconciliationHandler implements ICommandHandler<
  CreateReconciliationCommand,
  CommandResult
> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: CreateReconciliationCommand): Promise<CommandResult> {
    const reconciliationId = randomUUID();
    const { storeId } = request;
    const source = request.source ?? 'unspecified';
    const snapshot = Object.entries(request.snapshotOnHand).sort(([a], [b]) => a.localeCompare(b));
    return this.commands.execute(context, async (tx) => {
      const known = await knownSkus(
        tx,
        storeId,
        snapshot.map(([sku]) => sku),
      );
      const { items, thresholds } = await lockItems(
        tx,
        snapshot.filter(([sku]) => known.has(sku)).map(([sku]) => ({ storeId, sku })),
      );
      const before = new Map(items);
      const lines: DiscrepancyLine[] = [];
      const events: StockItemEvent[] = [];
      for (const [sku, counted] of snapshot) {
        if (!known.has(sku)) {
          const problem = { code: 'PRODUCT.NOT_FOUND', message: `product ${sku} does not exist` };
          lines.push({ sku, previousOnHand: null, counted, discrepancy: null, applied: false, problem });
          continue;
        }
        const item = items.get(itemId(storeId, sku))!;
        const base = { sku, previousOnHand: item.onHand, counted, discrepancy: counted - item.onHand };
        try {
          const decided = decideReconcileStock(
            {
              type: 'ReconcileStock',
              data: { counted, reconciliationId, source, threshold: thresholds.get(sku)! },
            },
            item,
          );
          if (decided.length === 0) continue;
          items.set(itemId(storeId, sku), decided.reduce(evolveStockItem, item));
          events.push(...decided);
          lines.push({ ...base, applied: true });
        } catch (error) {
          if (!(error instanceof CountBelowReserved)) throw error;
          lines.push({ ...base, applied: false, problem: { code: error.code, message: error.message } });
        }
      }
      saveItems(tx, before, items.values());
      const body = {
        reconciliationId,
        storeId,
        source,
        checked: snapshot.length,
        matched: snapshot.length - lines.length,
        discrepancies: lines,
      };
      return { status: 202, body, events: events.map(stockEvent) };
    });
  }
}
