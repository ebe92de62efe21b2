import fc from 'fast-check';
import { Client } from 'pg';
import {
  PURCHASE_POLICIES,
  type ReconcileStock,
  type ReservationCommand,
  type StockCommand,
  type TransferCommand,
} from '@inventory/domain';
import { commandDataSource } from '@inventory/persistence';
import { loadConfig, type WriteContext } from '@inventory/platform';
import { presentCreatedProduct } from '../products/create-product/create-product.presenter';
import { presentReconciliation } from '../reconciliations/create-reconciliation/create-reconciliation.presenter';
import { presentCreatedReservation } from '../reservations/create-reservation/create-reservation.presenter';
import { presentReservationAction } from '../reservations/reservation-actions/reservation-action.presenter';
import { presentPurchase } from '../stock/purchase/purchase.presenter';
import { presentItem } from '../stock/stock-item.presenter';
import { presentRegisteredStore } from '../stores/register-store/register-store.presenter';
import {
  presentInitiatedTransfer,
  presentTransfer,
} from '../transfers/create-transfer/create-transfer.presenter';
import { CommandHarness } from '../testing/command-harness';
import type { BatchCommand, Settled } from './group-commit';

/**
 * Model-based check of group commit: a random sequence of every command, run once through the batched
 * executor with random batch boundaries and once one by one (the transaction-per-command path), each
 * on a fresh schema, must leave identical state rows, events, outbox rows and stored answers, and
 * answer each request alike. The world is small (three stores, three products) so commands collide.
 */

const url = new URL(loadConfig('command-api', { ...process.env, DEV_MODE: 'true' }).database.url);
const modelUrl = new URL(url);
modelUrl.pathname = `/inventory_group_commit_${process.pid}`;

const STORES = ['S1', 'S2', 'S3'];
const SKUS = ['P1', 'P2', 'P3'];
const NOW = '2030-01-01T00:00:00.000Z';
const uuid = (kind: number, i: number) => `0000000${kind}-0000-4000-8000-${String(i).padStart(12, '0')}`;

type Line = { sku: string; qty: number };
type Op =
  | { kind: 'store'; storeId: string; latencyMs: number }
  | { kind: 'product'; sku: string; threshold: number; initialOnHand: number }
  | { kind: 'adjust'; storeId: string; sku: string; delta: number; expectedVersion?: number }
  | { kind: 'count'; storeId: string; sku: string; onHand: number; expectedVersion?: number }
  | { kind: 'purchase'; sku: string; qty: number; policy: (typeof PURCHASE_POLICIES)[number] }
  | { kind: 'reserve'; storeId: string; lines: Line[]; expired: boolean }
  | { kind: 'confirm' | 'cancel'; back: number; expectedVersion?: number }
  | { kind: 'transfer'; from: string; to: string; lines: Line[] }
  | { kind: 'complete' | 'compensate'; back: number }
  | { kind: 'reconcile'; storeId: string; counts: Record<string, number> }
  /** A latency past PostgreSQL's integer: the insert fails, a database reason to fail a batch. */
  | { kind: 'bad-store'; storeId: string }
  /** The earlier request `back` again: same key, same body. */
  | { kind: 'repeat'; back: number };

interface Step {
  op: Op;
  /** Sends the previous request's key with this body (reused: 422, or a replay when bodies match). */
  reuseKey: boolean;
}

const store = fc.constantFrom(...STORES);
const sku = fc.constantFrom(...SKUS);
const version = fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined });
const lines = fc.uniqueArray(fc.record({ sku, qty: fc.integer({ min: 1, max: 6 }) }), {
  minLength: 1,
  maxLength: 2,
  selector: (line) => line.sku,
});
const back = fc.integer({ min: 1, max: 12 });

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('store'), storeId: store, latencyMs: fc.nat(30) }) },
  {
    // Products the other commands rarely name: their first stock goes where the batch left the fewest units.
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('product'),
      sku: fc.constantFrom(...SKUS, 'P4', 'P5', 'P6'),
      threshold: fc.nat(4),
      initialOnHand: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 15 }),
      ),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('adjust'),
      storeId: store,
      sku,
      delta: fc.integer({ min: -8, max: 12 }),
      expectedVersion: version,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('count'),
      storeId: store,
      sku,
      onHand: fc.nat(15),
      expectedVersion: version,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('purchase'),
      sku,
      qty: fc.integer({ min: 1, max: 6 }),
      policy: fc.constantFrom(...PURCHASE_POLICIES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('reserve'), storeId: store, lines, expired: fc.boolean() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('confirm' as const, 'cancel' as const),
      back,
      expectedVersion: version,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer'), from: store, to: store, lines }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom('complete' as const, 'compensate' as const), back }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reconcile'),
      storeId: store,
      counts: fc.dictionary(fc.constantFrom(...SKUS, 'PX'), fc.nat(12), { minKeys: 1, maxKeys: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad-store'), storeId: store }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat'), back }) },
);

/** Most sequences start by registering stores and products, so most commands have something to act on. */
const setup: Op[] = [
  { kind: 'store', storeId: 'S1', latencyMs: 5 },
  { kind: 'store', storeId: 'S2', latencyMs: 1 },
  { kind: 'product', sku: 'P1', threshold: 2, initialOnHand: 0 },
  { kind: 'product', sku: 'P2', threshold: 3, initialOnHand: 9 },
];
const scenario = fc.record({
  steps: fc.tuple(
    fc.boolean(),
    fc.array(fc.record({ op, reuseKey: fc.nat(9).map((n) => n < 2) }), {
      minLength: 5,
      maxLength: 40,
    }),
  ),
  cuts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 40, maxLength: 40 }),
});

interface Request {
  key: string;
  op: Op;
  /** The sequence position whose ids the command mints (a repeat mints the original's). */
  at: number;
}

/** The requests a sequence sends: keys and repeats resolved. */
function requests(steps: Step[]): Request[] {
  const sent: Request[] = [];
  steps.forEach(({ op: step, reuseKey }, i) => {
    if (step.kind === 'repeat') {
      const earlier = sent[i - 1 - ((step.back - 1) % Math.max(i, 1))];
      sent.push(earlier ?? { key: `key-${i}`, op: { kind: 'store', storeId: 'S3', latencyMs: 2 }, at: i });
      return;
    }
    const key = reuseKey && i > 0 ? sent[i - 1]!.key : `key-${i}`;
    sent.push({ key, op: step, at: i });
  });
  return sent;
}

const harness = new CommandHarness({ DATABASE_URL: modelUrl.toString(), DB_POOL_SIZE: '4' });
const { commands } = harness;

function context({ key, op: body, at }: Request): WriteContext {
  return {
    principal: { id: 'model', roles: ['admin'] },
    idempotencyKey: key,
    fingerprint: JSON.stringify(body),
    method: 'POST',
    path: `/v1/model/${body.kind}`,
    traceId: at.toString(16).padStart(32, '0'),
  };
}

function stock(ctx: WriteContext, command: StockCommand) {
  if (command.type === 'Purchase')
    return commands.batchCommand(ctx, harness.stockItems, command, presentPurchase(command));
  if (command.type === 'ReconcileStock')
    return commands.batchCommand(ctx, harness.stockItems, command, presentReconciliation(command));
  return commands.batchCommand(ctx, harness.stockItems, command, presentItem(command.data));
}

const reservation = (ctx: WriteContext, command: ReservationCommand, present = presentReservationAction) =>
  commands.batchCommand(ctx, harness.reservations, command, present);
const transfer = (ctx: WriteContext, command: TransferCommand, present = presentTransfer) =>
  commands.batchCommand(ctx, harness.transfers, command, present);

/** A request as the slice's controller would run it, with every id and time fixed by the sequence. */
function batchCommand(request: Request): BatchCommand {
  const ctx = context(request);
  const { op: o, at } = request;
  const reservationId = (n: number) => uuid(1, n);
  const transferId = (n: number) => uuid(2, n);
  switch (o.kind) {
    case 'store':
    case 'bad-store': {
      const latencyMs = o.kind === 'store' ? o.latencyMs : 3_000_000_000;
      const command = {
        type: 'RegisterStore' as const,
        data: { storeId: o.storeId, name: 'Model', latencyMs },
      };
      return commands.batchCommand(ctx, harness.stores, command, presentRegisteredStore);
    }
    case 'product': {
      const data = {
        sku: o.sku,
        name: 'Model',
        lowStockThreshold: o.threshold,
        initialOnHand: o.initialOnHand,
      };
      const command = { type: 'CreateProduct' as const, data };
      return commands.batchCommand(ctx, harness.products, command, presentCreatedProduct(command));
    }
    case 'adjust': {
      const reason = o.delta > 0 ? ('restock' as const) : ('sale' as const);
      const data = {
        storeId: o.storeId,
        sku: o.sku,
        delta: o.delta,
        reason,
        expectedVersion: o.expectedVersion,
      };
      return stock(ctx, { type: 'AdjustStock', data });
    }
    case 'count': {
      const { storeId, sku: s, onHand, expectedVersion } = o;
      return stock(ctx, {
        type: 'CountStock',
        data: { storeId, sku: s, onHand, countRef: 'model', expectedVersion },
      });
    }
    case 'purchase':
      return stock(ctx, {
        type: 'Purchase',
        data: { sku: o.sku, qty: o.qty, customerId: null, policy: o.policy },
      });
    case 'reconcile': {
      const counts = Object.entries(o.counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, counted]) => ({ sku: s, counted }));
      const data = { reconciliationId: uuid(3, at), storeId: o.storeId, source: 'model', counts };
      return stock(ctx, { type: 'ReconcileStock', data } satisfies ReconcileStock);
    }
    case 'reserve': {
      const expiresAt = o.expired ? '2029-12-31T23:59:59.000Z' : '2030-01-01T00:10:00.000Z';
      const data = {
        reservationId: reservationId(at),
        storeId: o.storeId,
        customerId: null,
        lines: o.lines,
        expiresAt,
      };
      return reservation(ctx, { type: 'CreateReservation', data }, presentCreatedReservation);
    }
    case 'confirm':
    case 'cancel': {
      const common = {
        reservationId: reservationId(Math.max(0, at - o.back)),
        now: NOW,
        expectedVersion: o.expectedVersion,
      };
      return o.kind === 'confirm'
        ? reservation(ctx, { type: 'ConfirmReservation', data: { ...common, paymentRef: null } })
        : reservation(ctx, { type: 'CancelReservation', data: { ...common, reason: 'model' } });
    }
    case 'transfer': {
      const data = { transferId: transferId(at), fromStore: o.from, toStore: o.to, lines: o.lines };
      return transfer(ctx, { type: 'InitiateTransfer', data }, presentInitiatedTransfer);
    }
    case 'complete':
    case 'compensate': {
      const id = transferId(Math.max(0, at - o.back));
      return o.kind === 'complete'
        ? transfer(ctx, { type: 'CompleteTransfer', data: { transferId: id } })
        : transfer(ctx, { type: 'CompensateTransfer', data: { transferId: id, reason: 'model' } });
    }
    case 'repeat':
      throw new Error('repeats are resolved by requests()');
  }
}

/** What a client sees of an outcome: the answer, or which error. */
const seen = (settled: Settled) =>
  'result' in settled
    ? settled.result
    : { error: (settled.error as { code?: string }).code ?? String(settled.error) };

async function snapshot() {
  const q = (sql: string) => harness.database.query(sql);
  return {
    stores: await q('SELECT store_id, name, latency_ms, active, version FROM command.stores ORDER BY 1'),
    products: await q('SELECT sku, name, low_stock_threshold, version FROM command.products ORDER BY 1'),
    items: await q('SELECT store_id, sku, on_hand, reserved, version FROM command.stock_items ORDER BY 1, 2'),
    reservations: await q(
      `SELECT reservation_id, store_id, customer_id, status, payment_ref, lines, expires_at, version
         FROM command.reservations ORDER BY 1`,
    ),
    transfers: await q(
      'SELECT transfer_id, from_store, to_store, lines, status, failure_reason, version FROM command.transfers ORDER BY 1',
    ),
    cursors: await q('SELECT sku, last_store_id FROM command.purchase_cursors ORDER BY 1'),
    // In commit order overall, hence in order within each stream.
    events: await q(
      `SELECT stream_type, stream_id, stream_version, event_type, event_version, payload, metadata
         FROM command.events ORDER BY global_position`,
    ),
    outbox: await q(
      `SELECT o.topic, o.key, e.stream_type, e.stream_id, e.stream_version, e.event_type
         FROM command.outbox o JOIN command.events e USING (event_id) ORDER BY o.id`,
    ),
    answers: await q(
      'SELECT principal, key, method, path, request_hash, status, response FROM command.idempotency_keys ORDER BY key',
    ),
  };
}

const fresh = () =>
  harness.database.query(
    `TRUNCATE command.stores, command.products, command.stock_items, command.events, command.outbox,
              command.idempotency_keys, command.reservations, command.transfers, command.purchase_cursors
     RESTART IDENTITY CASCADE`,
  );

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const database = modelUrl.pathname.slice(1);

beforeAll(async () => {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database}`));
  await admin((client) => client.query(`CREATE DATABASE ${database}`));
  const source = commandDataSource(modelUrl.toString());
  await source.initialize();
  await source.runMigrations({ transaction: 'all' });
  await source.destroy();
}, 60_000);

afterAll(async () => {
  await harness.close();
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

describe('group commit against the one-command-per-transaction model', () => {
  it('leaves the same rows, events, outbox and stored answers, and answers alike, for any batch boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ steps: [withSetup, random], cuts }) => {
        const sent = requests([
          ...(withSetup ? setup.map((o) => ({ op: o, reuseKey: false })) : []),
          ...random,
        ]);

        await fresh();
        const alone: Settled[] = [];
        for (const request of sent) {
          alone.push(
            await batchCommand(request)
              .alone()
              .then(
                (result) => ({ result }),
                (error: unknown) => ({ error }),
              ),
          );
        }
        const expected = await snapshot();

        await fresh();
        const batched: Settled[] = [];
        const twins = new Set<number>();
        for (let from = 0, cut = 0; from < sent.length; from += cuts[cut++ % cuts.length]!) {
          const chunk = sent.slice(from, from + cuts[cut % cuts.length]!);
          let fellBack = false;
          const batch = chunk.map((request) => {
            const command = batchCommand(request);
            return { ...command, alone: () => ((fellBack = true), command.alone()) };
          });
          batched.push(...(await commands.group.runTogether(batch)));
          // Only a database failure (the out-of-range store) sends a batch one by one.
          if (fellBack) expect(chunk.map((request) => request.op.kind)).toContain('bad-store');
          const keys = new Set<string>();
          chunk.forEach((request, i) => {
            if (keys.has(request.key) && !fellBack) twins.add(from + i);
            keys.add(request.key);
          });
        }

        expect(await snapshot()).toEqual(expected);
        // A second request with a key already in its batch is told the first is in flight; every other
        // request is answered as it was one by one.
        sent.forEach((_, i) => {
          if (twins.has(i)) expect(seen(batched[i]!)).toEqual({ error: 'IDEMPOTENCY.IN_PROGRESS' });
          else expect(seen(batched[i]!)).toEqual(seen(alone[i]!));
        });
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('commits what arrives while a transaction is in flight as one batch, a refusal among them answered alone', async () => {
    await fresh();
    const run = (request: Request) => commands.group.submit(batchCommand(request));
    await run({ key: 'store', op: { kind: 'store', storeId: 'S1', latencyMs: 0 }, at: 0 });
    await run({ key: 'product', op: { kind: 'product', sku: 'P1', threshold: 0, initialOnHand: 0 }, at: 1 });
    const adjust = (delta: number, i: number): Request => ({
      key: `adjust-${i}`,
      op: { kind: 'adjust', storeId: 'S1', sku: 'P1', delta },
      at: 2 + i,
    });
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => run(adjust(1, i))),
      run(adjust(-1000, 10)),
      ...Array.from({ length: 9 }, (_, i) => run(adjust(1, 11 + i))),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([
      ...Array(10).fill(202),
      409,
      ...Array(9).fill(202),
    ]);
    expect(await harness.item('S1', 'P1')).toEqual({ on_hand: 19, reserved: 0, version: 19 });
    // The first went at once, on its own; the other 19 arrived meanwhile and shared the next transaction.
    const [{ transactions }] = await harness.database.query<{ transactions: number }>(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM command.idempotency_keys WHERE key LIKE 'adjust-%'`,
    );
    expect(transactions).toBe(2);
  });
});
