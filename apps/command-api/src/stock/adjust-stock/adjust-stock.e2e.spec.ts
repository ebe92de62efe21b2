import {
  ApiClient,
  newProduct,
  newStore as registerStore,
  uniqueId,
  type ApiResponse,
} from '@inventory/testing';

const api = new ApiClient();

interface Levels {
  storeId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
}

const newStore = () => registerStore(api);

function adjust(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ApiResponse<Levels>> {
  return api.post<Levels>('/v1/adjustments', { body, headers });
}

describe('POST /v1/adjustments', () => {
  it('applies relative changes and answers with the authoritative numbers', async () => {
    const storeId = await newStore();
    const sku = await newProduct(api, 0);
    const restock = await adjust({ storeId, sku, delta: 10, reason: 'restock' });
    expect(restock.status).toBe(202);
    expect(restock.body).toEqual({ storeId, sku, onHand: 10, reserved: 0, available: 10, version: 1 });
    const sale = await adjust({ storeId, sku, delta: -3, reason: 'sale', traceId: 'trace-1' });
    expect(sale.status).toBe(202);
    expect(sale.body).toMatchObject({ onHand: 7, available: 7, version: 2 });
    expect(sale.headers.get('etag')).toBe('"2"');
  });

  it('replays a retried key without applying it again, and refuses the key for another request', async () => {
    const storeId = await newStore();
    const sku = await newProduct(api, 0);
    const key = uniqueId('key');
    const body = { storeId, sku, delta: 5, reason: 'restock' };
    const first = await adjust(body, { 'idempotency-key': key });
    const retry = await adjust(body, { 'idempotency-key': key });
    expect(retry.status).toBe(first.status);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const reused = await adjust({ ...body, delta: 6 }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });

    const next = await adjust({ storeId, sku, delta: 1, reason: 'restock' });
    expect(next.body).toMatchObject({ onHand: 6, version: 2 });

    const stored = await api.get<{ status: number; response: { body: unknown } }>(`/v1/idempotency/${key}`, {
      headers: { authorization: 'Bearer devtoken' },
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ status: 202, response: { body: first.body } });
    const unknown = await api.get(`/v1/idempotency/${uniqueId('never-used')}`, {
      headers: { authorization: 'Bearer devtoken' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'IDEMPOTENCY.NOT_FOUND' });
    expect((await api.get(`/v1/idempotency/${key}`)).status).toBe(401);
  });

  it('honours If-Match and answers a stale one with 409, the current version and its ETag', async () => {
    const storeId = await newStore();
    const sku = await newProduct(api, 0);
    await adjust({ storeId, sku, delta: 5, reason: 'restock' });
    const matching = await adjust({ storeId, sku, delta: 1, reason: 'restock' }, { 'if-match': '"1"' });
    expect(matching.status).toBe(202);
    const stale = await adjust({ storeId, sku, delta: 1, reason: 'restock' }, { 'if-match': '1' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION.MISMATCH', currentVersion: 2, expectedVersion: 1 });
    expect(stale.headers.get('etag')).toBe('"2"');
  });

  describe('bad requests are refused with problem+json and change nothing', () => {
    let storeId: string;
    let sku: string;

    beforeAll(async () => {
      storeId = await newStore();
      sku = await newProduct(api, 0);
      const seeded = await adjust({ storeId, sku, delta: 4, reason: 'restock' });
      expect(seeded.body).toMatchObject({ onHand: 4, version: 1 });
    });

    const cases: Array<[string, () => Promise<ApiResponse>, number, string]> = [
      [
        'a missing Idempotency-Key',
        () => adjust({ storeId, sku, delta: 1, reason: 'restock' }, { 'idempotency-key': '' }),
        400,
        'IDEMPOTENCY.KEY_REQUIRED',
      ],
      [
        'an unknown store',
        () => adjust({ storeId: uniqueId('nowhere'), sku, delta: 1, reason: 'restock' }),
        404,
        'STORE.NOT_FOUND',
      ],
      [
        'a non-integer delta',
        () => adjust({ storeId, sku, delta: 1.5, reason: 'restock' }),
        400,
        'VALIDATION.FAILED',
      ],
      [
        'a delta given as text',
        () => adjust({ storeId, sku, delta: '2', reason: 'restock' }),
        400,
        'VALIDATION.FAILED',
      ],
      [
        'an unknown reason',
        () => adjust({ storeId, sku, delta: 1, reason: 'gift' }),
        400,
        'VALIDATION.FAILED',
      ],
      [
        'malformed JSON',
        () => api.post('/v1/adjustments', { body: `{"storeId":"${storeId}","sku":` }),
        400,
        'REQUEST.MALFORMED_JSON',
      ],
      [
        'a body that is not JSON',
        () => api.post('/v1/adjustments', { body: 'delta=1', headers: { 'content-type': 'text/plain' } }),
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'taking more than is on hand',
        () => adjust({ storeId, sku, delta: -5, reason: 'sale' }),
        409,
        'STOCK.INSUFFICIENT',
      ],
      [
        'a garbled If-Match',
        () => adjust({ storeId, sku, delta: 1, reason: 'restock' }, { 'if-match': 'abc' }),
        400,
        'PRECONDITION.INVALID',
      ],
      [
        'no token',
        () => adjust({ storeId, sku, delta: 1, reason: 'restock' }, { authorization: '' }),
        401,
        'AUTH.UNAUTHORIZED',
      ],
    ];

    it.each(cases)('%s', async (_, send, status, code) => {
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({
        status,
        code,
        type: expect.any(String),
        title: expect.any(String),
      });
    });
  });
});
