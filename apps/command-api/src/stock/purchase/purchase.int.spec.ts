import { CommandHarness } from '../../testing/command-harness';
import { checkEventFold } from '../../operations/verify-event-fold/event-fold-check';
import { purchaseCommand } from './purchase.command';
import { presentPurchase } from './purchase.presenter';
import type { PurchaseRequest } from './purchase.request.dto';

const harness = new CommandHarness();
const purchase = (request: PurchaseRequest) => {
  const command = purchaseCommand(request);
  return harness.commands.run(
    harness.context(request),
    harness.stockItems,
    command,
    presentPurchase(command),
  );
};

afterAll(() => harness.close());

describe('purchase under contention (real PostgreSQL)', () => {
  it('200 concurrent purchases of 50 units across 3 stores: exactly 50 succeed, the rest get 409', async () => {
    const stores = [await harness.newStore(10), await harness.newStore(20), await harness.newStore(30)];
    const sku = await harness.newProduct();
    await harness.stock(stores[0]!, sku, 20);
    await harness.stock(stores[1]!, sku, 20);
    await harness.stock(stores[2]!, sku, 10);

    const policies = ['highest-available', 'lowest-latency', 'round-robin'] as const;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const request = { sku, qty: 1, customerId: `c${i}`, policy: policies[i % 3] };
        return purchase(request);
      }),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'STOCK.INSUFFICIENT' });
    }

    for (const storeId of stores)
      expect(await harness.item(storeId, sku)).toMatchObject({ on_hand: 0, reserved: 0 });
    const [{ sold }] = await harness.database.query<{ sold: number }>(
      `SELECT coalesce(sum((payload->>'qty')::int), 0)::int AS sold FROM command.events
        WHERE event_type = 'StockPurchased' AND payload->>'sku' = $1`,
      [sku],
    );
    expect(sold).toBe(50);
    const report = await checkEventFold(harness.database.pool, new Set(stores.map((s) => `${s}:${sku}`)));
    expect(report.streams).toBe(3);
    expect(report.discrepancies).toEqual([]);
  });

  it('round-robin spreads consecutive purchases over the stores that can serve', async () => {
    const stores = [await harness.newStore(), await harness.newStore(), await harness.newStore()];
    const sku = await harness.newProduct();
    for (const storeId of stores) await harness.stock(storeId, sku, 5);
    const chosen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const request = { sku, qty: 1, policy: 'round-robin' as const };
      const result = await purchase(request);
      chosen.push((result.body as { storeId: string }).storeId);
    }
    const sorted = [...stores].sort();
    expect(chosen).toEqual([...sorted, ...sorted]);
  });
});
