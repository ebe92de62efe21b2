import { randomUUID } from 'node:crypto';
import { ApiClient, eventually, newStore, uniqueId, type ApiResponse } from '@inventory/testing';

const api = new ApiClient();

interface TimelineEvent {
  eventType: string;
  storeId: string;
  sku: string;
  metadata: { traceId: string; idempotencyKey?: string };
}

/**
 * A client generated from seed 003's contract sends each write with a fresh UUID `Idempotency-Key`
 * and the body its request schema lists, `traceId` included, and no trace header.
 */
async function seedWrite<T>(path: string, body: object): Promise<{ key: string; answer: ApiResponse<T> }> {
  const key = randomUUID();
  const answer = await api.post<T>(path, { body, headers: { 'idempotency-key': key } });
  return { key, answer };
}

/** The seed's read headers: how stale the answer is, and its version. */
function expectSeedReadHeaders(answer: ApiResponse): void {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('x-projection-lag-ms')).toMatch(/^\d+$/);
  expect(answer.headers.get('etag')).toMatch(/^(W\/)?".+"$/);
}

describe("seed 003's documented flow, sent as its clients send it", () => {
  it('creates, sells, adjusts, recounts, reserves, confirms, cancels, transfers and reconciles', async () => {
    const traceId = uniqueId('seed-trace');
    const sku = uniqueId('A');
    // The one step a seed client adds: its stores are registered before stock can live in them.
    const stores = [await newStore(api, 5), await newStore(api, 40)];

    // POST /v1/products — { sku, name, initialOnHand } into the store holding the least stock.
    const product = await seedWrite<{ placement: { storeId: string; onHand: number } }>('/v1/products', {
      sku,
      name: 'New Product',
      initialOnHand: 10,
      traceId,
    });
    expect(product.answer.status).toBe(202);
    expect(product.answer.body).toMatchObject({ sku, name: 'New Product', initialOnHand: 10 });
    // Every store holds none of a new SKU: any of them may be the one holding the least.
    const store = product.answer.body.placement.storeId;
    const otherStore = stores.find((id) => id !== store)!;
    expect(product.answer.body.placement.onHand).toBe(10);

    // POST /v1/adjustments — { storeId, sku, delta, reason, traceId }.
    const adjustment = await seedWrite('/v1/adjustments', {
      storeId: store,
      sku,
      delta: -3,
      reason: 'sale',
      traceId,
    });
    expect(adjustment.answer.status).toBe(202);
    expect(adjustment.answer.body).toMatchObject({
      storeId: store,
      sku,
      onHand: 7,
      reserved: 0,
      available: 7,
    });

    // POST /v1/items:set-absolute — { storeId, sku, onHand, countRef, traceId }.
    const recount = await seedWrite('/v1/items:set-absolute', {
      storeId: store,
      sku,
      onHand: 120,
      countRef: 'cycle-2025-09-26',
      traceId,
    });
    expect(recount.answer.status).toBe(202);
    expect(recount.answer.body).toMatchObject({ storeId: store, sku, onHand: 120, available: 120 });

    // POST /v1/purchase — { sku, qty, customerId, policy, traceId }: the store is the system's choice.
    const purchase = await seedWrite('/v1/purchase', {
      sku,
      qty: 1,
      customerId: 'c1',
      policy: 'highest-available',
      traceId,
    });
    expect(purchase.answer.status).toBe(202);
    expect(purchase.answer.body).toMatchObject({
      storeId: store,
      sku,
      qty: 1,
      onHand: 119,
      customerId: 'c1',
    });

    // POST /v1/reservations — { storeId, lines, ttlSeconds, customerId }; the server issues the id.
    const reservation = await seedWrite<{ reservationId: string }>('/v1/reservations', {
      storeId: store,
      lines: [{ sku, qty: 2 }],
      ttlSeconds: 900,
      customerId: 'c1',
    });
    expect(reservation.answer.status).toBe(202);
    expect(reservation.answer.body).toMatchObject({
      status: 'ACTIVE',
      customerId: 'c1',
      lines: [{ sku, qty: 2 }],
    });
    const reservationId = reservation.answer.body.reservationId;

    // POST /v1/reservations/{reservationId}:confirm — { paymentRef }.
    const confirm = await seedWrite(`/v1/reservations/${reservationId}:confirm`, { paymentRef: 'pay-778' });
    expect(confirm.answer.status).toBe(202);
    expect(confirm.answer.body).toMatchObject({ reservationId, status: 'CONFIRMED', paymentRef: 'pay-778' });

    // POST /v1/reservations/{reservationId}:cancel — { reason }, on a second reservation.
    const second = await seedWrite<{ reservationId: string }>('/v1/reservations', {
      storeId: store,
      lines: [{ sku, qty: 1 }],
      ttlSeconds: 900,
      customerId: 'c2',
    });
    const cancel = await seedWrite(`/v1/reservations/${second.answer.body.reservationId}:cancel`, {
      reason: 'user_cancel',
    });
    expect(cancel.answer.status).toBe(202);
    expect(cancel.answer.body).toMatchObject({ status: 'CANCELLED' });

    // POST /v1/transfers — { fromStore, toStore, lines, traceId }.
    const transfer = await seedWrite<{ transferId: string }>('/v1/transfers', {
      fromStore: store,
      toStore: otherStore,
      lines: [{ sku, qty: 5 }],
      traceId,
    });
    expect(transfer.answer.status).toBe(202);
    expect(transfer.answer.body).toMatchObject({ status: 'COMPLETED', lines: [{ sku, qty: 5 }] });

    // POST /v1/reconciliations — { storeId, snapshotOnHand, source }.
    const reconciliation = await seedWrite('/v1/reconciliations', {
      storeId: store,
      snapshotOnHand: { [sku]: 100 },
      source: 'legacy_sync',
    });
    expect(reconciliation.answer.status).toBe(202);
    expect(reconciliation.answer.body).toMatchObject({
      storeId: store,
      discrepancies: [{ sku, previousOnHand: 112, counted: 100, discrepancy: -12, applied: true }],
    });

    // The reads: the store holds the 100 it was counted at, the other store the 5 it was sent.
    const availability = await eventually(async () => {
      const answer = await api.get<{ totalOnHand: number; perStore: unknown[] }>(
        `/v1/availability?sku=${sku}`,
      );
      expect(answer.body).toMatchObject({ sku, totalOnHand: 105, totalReserved: 0, totalAvailable: 105 });
      return answer;
    });
    expectSeedReadHeaders(availability);
    const oneStore = await api.get(`/v1/availability?sku=${sku}&storeId=${store}`);
    expectSeedReadHeaders(oneStore);
    expect(oneStore.body).toMatchObject({ perStore: [{ storeId: store, onHand: 100, available: 100 }] });
    const breakdown = await api.get<{ perStore: Array<{ storeId: string }> }>(
      `/v1/items/${sku}/availability`,
    );
    expect(breakdown.body.perStore.map((row) => row.storeId).sort()).toEqual([store, otherStore].sort());

    // GET /v1/products/totals — q, page (from 0), size.
    const totals = await api.get(`/v1/products/totals?q=${sku}&page=0&size=20`);
    expectSeedReadHeaders(totals);
    expect(totals.body).toMatchObject({ page: 0, size: 20, total: 1, items: [{ sku, totalOnHand: 105 }] });

    // GET /v1/reservations/{reservationId} — the confirmed one, with its payment.
    const read = await eventually(async () => {
      const answer = await api.get(`/v1/reservations/${reservationId}`);
      expect(answer.body).toMatchObject({ reservationId, status: 'CONFIRMED', paymentRef: 'pay-778' });
      return answer;
    });
    expectSeedReadHeaders(read);

    // GET /v1/events?storeId=&sku=&since= — every event of a write that carried traceId carries it.
    const traced = [product, adjustment, recount, purchase, transfer].map((write) => write.key);
    const events = await eventually(async () => {
      const answer = await api.get<{ items: TimelineEvent[] }>(
        `/v1/events?storeId=${store}&sku=${sku}&since=2025-01-01T00:00:00Z&limit=100`,
      );
      const keys = new Set(answer.body.items.map((event) => event.metadata.idempotencyKey));
      expect(traced.filter((key) => !keys.has(key))).toEqual([]);
      return answer.body.items;
    });
    const ofTracedWrites = events.filter((event) => traced.includes(event.metadata.idempotencyKey!));
    expect(ofTracedWrites.map((event) => event.metadata.traceId)).toEqual(ofTracedWrites.map(() => traceId));

    // GET /v1/idempotency/{key} — the stored first answer of a write.
    const stored = await api.get(`/v1/idempotency/${purchase.key}`, {
      headers: { authorization: 'Bearer devtoken' },
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      key: purchase.key,
      status: 202,
      response: { body: purchase.answer.body },
    });
  });

  it("takes the trace headers over the body's traceId, and a new traceId on a retry is the same request", async () => {
    const storeId = await newStore(api);
    const sku = uniqueId('A');
    await api.post('/v1/products', { body: { sku, name: 'Traced' } });
    const key = randomUUID();
    const body = { storeId, sku, delta: 4, reason: 'restock', traceId: 'from-the-body' };
    const first = await api.post('/v1/adjustments', {
      body,
      headers: { 'idempotency-key': key, 'x-trace-id': 'from-the-header' },
    });
    expect(first.status).toBe(202);
    const retry = await api.post('/v1/adjustments', {
      body: { ...body, traceId: 'second-attempt' },
      headers: { 'idempotency-key': key },
    });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);

    const events = await eventually(async () => {
      const answer = await api.get<{ items: TimelineEvent[] }>(`/v1/events?storeId=${storeId}&sku=${sku}`);
      expect(answer.body.items.length).toBeGreaterThan(0);
      return answer.body.items;
    });
    expect(events.map((event) => event.metadata.traceId)).toEqual(events.map(() => 'from-the-header'));
  });

  it('refuses a traceId the trace header rule would refuse, and changes nothing', async () => {
    const storeId = await newStore(api);
    const sku = uniqueId('A');
    await api.post('/v1/products', { body: { sku, name: 'Untraced' } });
    const refused = await api.post('/v1/adjustments', {
      body: { storeId, sku, delta: 4, reason: 'restock', traceId: 'has a space' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'traceId' }] });
    const after = await api.post('/v1/adjustments', { body: { storeId, sku, delta: 1, reason: 'restock' } });
    expect(after.body).toMatchObject({ onHand: 1, version: 1 });
  });
});
