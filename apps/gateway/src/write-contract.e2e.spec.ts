import { ApiClient, newProduct, newStore, stock, tokenFor, uniqueId } from '@inventory/testing';

const api = new ApiClient();

interface WriteEndpoint {
  path: string;
  /** A valid body, built on fresh fixtures so the endpoint succeeds. */
  valid(): Promise<Record<string, unknown>>;
  /** A body the endpoint must refuse with 400 VALIDATION.FAILED. */
  invalid: Record<string, unknown>;
  adminOnly?: boolean;
}

async function reservationPath(action: 'confirm' | 'cancel'): Promise<{ path: string }> {
  const storeId = await newStore(api);
  const sku = await newProduct(api);
  await stock(api, storeId, sku, 5);
  const created = await api.post<{ reservationId: string }>('/v1/reservations', {
    body: { storeId, lines: [{ sku, qty: 1 }] },
  });
  return { path: `/v1/reservations/${created.body.reservationId}:${action}` };
}

/** Every write endpoint of the contract, with what a valid and an invalid request look like. */
const ENDPOINTS: WriteEndpoint[] = [
  {
    path: '/v1/stores',
    valid: async () => ({ storeId: uniqueId('S'), name: 'Store', latencyMs: 5 }),
    invalid: { storeId: 'no spaces allowed', name: 'Store' },
  },
  {
    path: '/v1/products',
    valid: async () => ({ sku: uniqueId('SKU'), name: 'Product', initialOnHand: 0 }),
    invalid: { sku: uniqueId('SKU'), name: 'Product', initialOnHand: -1 },
  },
  {
    path: '/v1/adjustments',
    valid: async () => ({
      storeId: await newStore(api),
      sku: await newProduct(api),
      delta: 3,
      reason: 'restock',
    }),
    invalid: { storeId: 'S1', sku: 'A1', delta: 0.5, reason: 'restock' },
  },
  {
    path: '/v1/items:set-absolute',
    valid: async () => ({
      storeId: await newStore(api),
      sku: await newProduct(api),
      onHand: 7,
      countRef: 'cycle-1',
    }),
    invalid: { storeId: 'S1', sku: 'A1', onHand: -7 },
    adminOnly: true,
  },
  {
    path: '/v1/purchase',
    valid: async () => {
      const [storeId, sku] = [await newStore(api), await newProduct(api)];
      await stock(api, storeId, sku, 5);
      return { sku, qty: 1, customerId: 'c1', policy: 'highest-available' };
    },
    invalid: { sku: 'A1', qty: 1, policy: 'cheapest' },
  },
  {
    path: '/v1/reservations',
    valid: async () => {
      const [storeId, sku] = [await newStore(api), await newProduct(api)];
      await stock(api, storeId, sku, 5);
      return { storeId, lines: [{ sku, qty: 2 }], ttlSeconds: 60, customerId: 'c1' };
    },
    invalid: { storeId: 'S1', lines: [], ttlSeconds: 60 },
  },
  {
    path: '/v1/transfers',
    valid: async () => {
      const [fromStore, toStore, sku] = [await newStore(api), await newStore(api), await newProduct(api)];
      await stock(api, fromStore, sku, 5);
      return { fromStore, toStore, lines: [{ sku, qty: 2 }] };
    },
    invalid: { fromStore: 'S1', toStore: 'S2', lines: [{ sku: 'A1', qty: 0 }] },
  },
  {
    path: '/v1/reconciliations',
    valid: async () => {
      const [storeId, sku] = [await newStore(api), await newProduct(api)];
      return { storeId, snapshotOnHand: { [sku]: 4 }, source: 'legacy_sync' };
    },
    invalid: { storeId: 'S1', snapshotOnHand: { A1: 'ten' } },
    adminOnly: true,
  },
];

describe.each(ENDPOINTS)('POST $path', (endpoint) => {
  it('succeeds with 202, and a retry with the same key replays the same answer', async () => {
    const body = await endpoint.valid();
    const key = uniqueId('key');
    const first = await api.post(endpoint.path, { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    const retry = await api.post(endpoint.path, { body, headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(202);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers 422 when the key is reused with another request', async () => {
    const key = uniqueId('key');
    const first = await api.post(endpoint.path, {
      body: await endpoint.valid(),
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(202);
    const other = await api.post(endpoint.path, {
      body: await endpoint.valid(),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('answers 400 problem+json for an invalid body and for a missing Idempotency-Key', async () => {
    const invalid = await api.post(endpoint.path, { body: endpoint.invalid });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({ code: 'VALIDATION.FAILED' });
    const keyless = await api.post(endpoint.path, {
      body: await endpoint.valid(),
      headers: { 'idempotency-key': '' },
    });
    expect(keyless.status).toBe(400);
    expect(keyless.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REQUIRED' });
  });

  it('answers 401 without a valid token, and 403 or 202 for a non-admin by the endpoint rule', async () => {
    const body = await endpoint.valid();
    const anonymous = await api.post(endpoint.path, { body, headers: { authorization: '' } });
    expect(anonymous.status).toBe(401);
    const expired = await api.as(tokenFor('clerk', ['admin'], -60)).post(endpoint.path, { body });
    expect(expired.status).toBe(401);
    const clerk = await api.as(tokenFor('clerk', [])).post(endpoint.path, { body });
    if (endpoint.adminOnly) {
      expect(clerk.status).toBe(403);
      expect(clerk.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    } else {
      expect(clerk.status).toBe(202);
    }
  });
});

describe.each(['confirm', 'cancel'] as const)('POST /v1/reservations/{id}:%s', (action) => {
  it('succeeds once, replays its key, and refuses a second different request with 409', async () => {
    const { path } = await reservationPath(action);
    const key = uniqueId('key');
    const first = await api.post(path, { body: {}, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    const retry = await api.post(path, { body: {}, headers: { 'idempotency-key': key } });
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const again = await api.post(path, { body: {} });
    expect(again.status).toBe(409);
    const reused = await api.post(path, { body: { reason: 'other' }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
  });

  it('answers 409 with the current version and ETag for a stale If-Match', async () => {
    const { path } = await reservationPath(action);
    const stale = await api.post(path, { body: {}, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION.MISMATCH', currentVersion: 1 });
    expect(stale.headers.get('etag')).toBe('"1"');
  });

  it('answers 400 for an unknown field, 401 without a token, 404 for an unknown reservation', async () => {
    const { path } = await reservationPath(action);
    expect((await api.post(path, { body: { tip: 5 } })).status).toBe(400);
    expect((await api.post(path, { body: {}, headers: { authorization: '' } })).status).toBe(401);
    const unknown = await api.post(`/v1/reservations/00000000-0000-4000-8000-000000000000:${action}`, {
      body: {},
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'RESERVATION.NOT_FOUND' });
  });
});
