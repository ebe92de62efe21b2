import { MAX_ON_HAND } from '@inventory/domain';
import { CommandHarness } from '../testing/command-harness';
import { checkEventFold } from '../operations/verify-event-fold/event-fold-check';
import { presentItem } from '../stock/stock-item.presenter';
import { initiateTransferCommand } from './create-transfer/create-transfer.command';
import { presentInitiatedTransfer, presentTransfer } from './create-transfer/create-transfer.presenter';
import type { CreateTransferRequest } from './create-transfer/create-transfer.request.dto';
import { TransferSaga } from './transfer-saga';

const harness = new CommandHarness();
const saga = new TransferSaga(harness.commands, harness.transfers);

/** What `POST /v1/transfers` does: step 1 under the request's key, then the saga's step 2. */
async function transfer(request: CreateTransferRequest) {
  const context = harness.context(request);
  const command = initiateTransferCommand(request);
  const initiated = await harness.commands.run(context, harness.transfers, command, presentInitiatedTransfer);
  if (initiated.status !== 202) return initiated;
  return presentTransfer(await saga.finish(command.data.transferId, context));
}

afterAll(() => harness.close());

describe('transfer saga against PostgreSQL', () => {
  it('moves stock out of the source and into the destination', async () => {
    const [from, to] = [await harness.newStore(), await harness.newStore()];
    const sku = await harness.newProduct();
    await harness.stock(from, sku, 10);
    const request = { fromStore: from, toStore: to, lines: [{ sku, qty: 4 }] };
    const result = await transfer(request);
    expect(result.status).toBe(202);
    expect(result.body).toMatchObject({ status: 'COMPLETED', version: 2 });
    expect(await harness.item(from, sku)).toMatchObject({ on_hand: 6 });
    expect(await harness.item(to, sku)).toMatchObject({ on_hand: 4 });
  });

  it('compensates when the destination step fails: the source is whole again', async () => {
    const [from, to] = [await harness.newStore(), await harness.newStore()];
    const sku = await harness.newProduct();
    await harness.stock(from, sku, 10);
    // The destination is full to the per-item limit, so the arrival step is refused.
    const full = {
      type: 'CountStock' as const,
      data: { storeId: to, sku, onHand: MAX_ON_HAND, countRef: 'test' },
    };
    const counted = await harness.commands.run(
      harness.context(full),
      harness.stockItems,
      full,
      presentItem(full.data),
    );
    expect(counted.status).toBe(202);

    const request = { fromStore: from, toStore: to, lines: [{ sku, qty: 4 }] };
    const result = await transfer(request);
    expect(result.status).toBe(202);
    expect(result.body).toMatchObject({
      status: 'FAILED',
      failureReason: expect.stringContaining('cannot hold'),
    });
    expect(await harness.item(from, sku)).toMatchObject({ on_hand: 10, version: 3 });
    expect(await harness.item(to, sku)).toMatchObject({ on_hand: MAX_ON_HAND });

    const [{ types }] = await harness.database.query<{ types: string[] }>(
      `SELECT array_agg(event_type ORDER BY global_position) AS types FROM command.events
        WHERE stream_type = 'transfer' AND stream_id = $1`,
      [(result.body as { transferId: string }).transferId],
    );
    expect(types).toEqual(['TransferInitiated', 'TransferFailed']);
    const report = await checkEventFold(harness.database.pool, new Set([`${from}:${sku}`, `${to}:${sku}`]));
    expect(report.discrepancies).toEqual([]);
  });

  it('refuses a transfer the source cannot cover and moves nothing', async () => {
    const [from, to] = [await harness.newStore(), await harness.newStore()];
    const sku = await harness.newProduct();
    await harness.stock(from, sku, 2);
    const request = { fromStore: from, toStore: to, lines: [{ sku, qty: 3 }] };
    const result = await transfer(request);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ code: 'STOCK.INSUFFICIENT' });
    expect(await harness.item(from, sku)).toMatchObject({ on_hand: 2, version: 1 });
    expect(await harness.item(to, sku)).toBeUndefined();
  });
});
