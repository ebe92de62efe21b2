import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decidePurchase,
  evolveStockItem,
  levels,
  ProductNotFound,
  type PurchaseCandidate,
} from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import { stockEvent } from '../../command-store/event-routing';
import type { CommandResult } from '../../command-store/pending-event';
import { itemId, saveItems } from '../stock-item.repository';
import { PurchaseCommand } from './purchase.command';
import { ADVANCE_CURSOR, LOCK_CANDIDATES } from './purchase.sql';

interface CandidateRow {
  store_id: string;
  on_hand: number;
  reserved: number;
  version: number;
  latency_ms: number;
}

@CommandHandler(PurchaseCommand)
export class PurchaseHandler implements ICommandHandler<PurchaseCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: PurchaseCommand): Promise<CommandResult> {
    const { sku, qty } = request;
    const policy = request.policy ?? 'highest-available';
    const customerId = request.customerId ?? null;
    return this.commands.execute(context, async (tx) => {
      const { rows } = await tx.query<{
        candidates: CandidateRow[];
        threshold: number | null;
        last_store_id: string | null;
      }>(LOCK_CANDIDATES, [sku]);
      const { candidates: found, threshold, last_store_id } = rows[0]!;
      if (threshold === null) throw new ProductNotFound(sku);
      const candidates: PurchaseCandidate[] = found.map((row) => ({
        item: {
          storeId: row.store_id,
          sku,
          onHand: row.on_hand,
          reserved: row.reserved,
          version: row.version,
        },
        latencyMs: row.latency_ms,
      }));
      const { storeId, events } = decidePurchase(
        {
          type: 'Purchase',
          data: { sku, qty, customerId, policy, threshold, lastRoundRobinStore: last_store_id },
        },
        candidates,
      );
      const before = new Map(candidates.map((c) => [itemId(c.item.storeId, sku), c.item]));
      const next = events.reduce(evolveStockItem, before.get(itemId(storeId, sku))!);
      saveItems(tx, before, [next]);
      if (policy === 'round-robin') tx.defer(ADVANCE_CURSOR, [sku, storeId]);
      return {
        status: 202,
        body: { ...levels(next), qty, policy, customerId },
        headers: { etag: `"${next.version}"` },
        events: events.map(stockEvent),
      };
    });
  }
}
