import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';

const api = new ApiClient();

interface Reservation {
  reservationId: string;
  status: string;
  paymentRef: string | null;
  expiresAt: string;
  version: number;
}

describe('reservations through the gateway', () => {
  it('reserves lines, then confirming consumes them', async () => {
    const storeId = await newStore(api);
    const [a, b] = [await newProduct(api), await newProduct(api)];
    await stock(api, storeId, a, 5);
    await stock(api, storeId, b, 5);
    const before = Date.now();
    const created = await api.post<Reservation>('/v1/reservations', {
      body: {
        storeId,
        lines: [
          { sku: a, qty: 2 },
          { sku: b, qty: 1 },
        ],
        ttlSeconds: 120,
        customerId: 'c1',
      },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ storeId, status: 'ACTIVE', version: 1, customerId: 'c1' });
    expect(created.headers.get('location')).toBe(`/v1/reservations/${created.body.reservationId}`);
    const ttl = Date.parse(created.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(115_000);
    expect(ttl).toBeLessThan(125_000);

    const confirmed = await api.post<Reservation>(`/v1/reservations/${created.body.reservationId}:confirm`, {
      body: { paymentRef: 'pay-1' },
    });
    expect(confirmed.status).toBe(202);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', paymentRef: 'pay-1', version: 2 });
    await eventually(async () => {
      const read = await api.get<Reservation>(`/v1/reservations/${created.body.reservationId}`);
      expect(read.body).toMatchObject({ status: 'CONFIRMED', paymentRef: 'pay-1', version: 2 });
    });
    const sale = await api.post('/v1/adjustments', { body: { storeId, sku: a, delta: -3, reason: 'sale' } });
    expect(sale.body).toMatchObject({ onHand: 0, reserved: 0 });
  });

  it('cancelling releases the units; a cancelled reservation cannot be confirmed', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, storeId, sku, 4);
    const created = await api.post<Reservation>('/v1/reservations', {
      body: { storeId, lines: [{ sku, qty: 4 }] },
    });
    const id = created.body.reservationId;
    expect((await api.post('/v1/purchase', { body: { sku, qty: 1 } })).status).toBe(409);
    const cancelled = await api.post<Reservation>(`/v1/reservations/${id}:cancel`, {
      body: { reason: 'user_cancel' },
    });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
    const confirm = await api.post(`/v1/reservations/${id}:confirm`, { body: {} });
    expect(confirm.status).toBe(409);
    expect(confirm.body).toMatchObject({ code: 'RESERVATION.CANCELLED' });
    expect((await api.post('/v1/purchase', { body: { sku, qty: 4 } })).status).toBe(202);
  });

  it('refuses the whole reservation when one line is short', async () => {
    const [storeId, a, b] = [await newStore(api), await newProduct(api), await newProduct(api)];
    await stock(api, storeId, a, 5);
    await stock(api, storeId, b, 1);
    const refused = await api.post('/v1/reservations', {
      body: {
        storeId,
        lines: [
          { sku: a, qty: 1 },
          { sku: b, qty: 2 },
        ],
      },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'STOCK.INSUFFICIENT', sku: b });
    expect((await api.post('/v1/purchase', { body: { sku: a, qty: 5 } })).status).toBe(202);
  });

  it.each([
    ['a ttl over 7 days', { ttlSeconds: 604_801 }],
    ['a zero ttl', { ttlSeconds: 0 }],
    [
      'the same sku twice',
      {
        lines: [
          { sku: 'A1', qty: 1 },
          { sku: 'A1', qty: 2 },
        ],
      },
    ],
    ['more than 1000 lines', { lines: Array.from({ length: 1001 }, (_, i) => ({ sku: `S${i}`, qty: 1 })) }],
  ])('answers 400 for %s', async (_, override) => {
    const response = await api.post('/v1/reservations', {
      body: { storeId: 'S1', lines: [{ sku: 'A1', qty: 1 }], ...override },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION.FAILED' });
  });
});

describe('GET /v1/reservations/{id}', () => {
  it('shows the reservation status from the read side', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, storeId, sku, 2);
    const created = await api.post<Reservation>('/v1/reservations', {
      body: { storeId, lines: [{ sku, qty: 1 }] },
    });
    const id = created.body.reservationId;
    await api.post(`/v1/reservations/${id}:confirm`, { body: {} });
    const view = await eventually(async () => {
      const read = await api.get(`/v1/reservations/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        reservationId: id,
        storeId,
        customerId: null,
        status: 'CONFIRMED',
        paymentRef: null,
        lines: [{ sku, qty: 1 }],
        expiresAt: created.body.expiresAt,
        version: 2,
      });
      return read;
    });
    expect(view.headers.get('x-projection-lag-ms')).toMatch(/^\d+$/);
  });

  it('answers an id the same on every route: 404 when never issued, 400 when malformed', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'res_123']) {
      const answers = [
        await api.get(`/v1/reservations/${id}`),
        await api.post(`/v1/reservations/${id}:confirm`, { body: { paymentRef: 'p-1' } }),
        await api.post(`/v1/reservations/${id}:cancel`, { body: {} }),
      ];
      expect(answers.map((answer) => [answer.status, (answer.body as { code: string }).code])).toEqual([
        [404, 'RESERVATION.NOT_FOUND'],
        [404, 'RESERVATION.NOT_FOUND'],
        [404, 'RESERVATION.NOT_FOUND'],
      ]);
    }
    const malformed = 'r'.repeat(65);
    const answers = [
      await api.get(`/v1/reservations/${malformed}`),
      await api.post(`/v1/reservations/${malformed}:confirm`, { body: {} }),
    ];
    expect(answers.map((answer) => [answer.status, (answer.body as { errors: unknown }).errors])).toEqual([
      [400, [{ field: 'reservationId', problems: [expect.any(String)] }]],
      [400, [{ field: 'reservationId', problems: [expect.any(String)] }]],
    ]);
  });
});
