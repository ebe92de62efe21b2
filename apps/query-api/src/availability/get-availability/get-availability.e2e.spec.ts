import { ApiClient, eventually, newProduct, newStore as registerStore, uniqueId } from '@inventory/testing';
import type { AvailabilityResponse } from '@inventory/contracts';

const api = new ApiClient();

const newStore = () => registerStore(api);

describe('the write → Kafka → projection → read slice, through the gateway', () => {
  it('shows an adjustment in availability, with the lag header and an ETag', async () => {
    const [s1, s2] = [await newStore(), await newStore()];
    const sku = await newProduct(api);
    expect(
      (await api.post('/v1/adjustments', { body: { storeId: s1, sku, delta: 10, reason: 'restock' } }))
        .status,
    ).toBe(202);
    expect(
      (await api.post('/v1/adjustments', { body: { storeId: s1, sku, delta: -3, reason: 'sale' } })).status,
    ).toBe(202);
    expect(
      (await api.post('/v1/adjustments', { body: { storeId: s2, sku, delta: 4, reason: 'restock' } })).status,
    ).toBe(202);

    const read = await eventually(async () => {
      const response = await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        sku,
        totalOnHand: 11,
        totalReserved: 0,
        totalAvailable: 11,
        perStore: [
          { storeId: s1, onHand: 7, reserved: 0, available: 7, version: 2 },
          { storeId: s2, onHand: 4, reserved: 0, available: 4, version: 1 },
        ].sort((a, b) => a.storeId.localeCompare(b.storeId)),
      });
      return response;
    });
    const lag = read.headers.get('x-projection-lag-ms');
    expect(lag).toMatch(/^\d+$/);
    expect(Number(lag)).toBeGreaterThanOrEqual(0);
    expect(read.headers.get('etag')).toMatch(/^"[^"]+"$/);

    const filtered = await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}&storeId=${s2}`);
    expect(filtered.body).toMatchObject({ totalOnHand: 4, perStore: [{ storeId: s2, onHand: 4 }] });
  });

  it('answers 304 to a matching If-None-Match and a new ETag after a change', async () => {
    const storeId = await newStore();
    const sku = await newProduct(api);
    await api.post('/v1/adjustments', { body: { storeId, sku, delta: 2, reason: 'restock' } });
    const first = await eventually(async () => {
      const response = await api.get(`/v1/availability?sku=${sku}`);
      expect(response.status).toBe(200);
      return response;
    });
    const etag = first.headers.get('etag')!;
    const unchanged = await api.get(`/v1/availability?sku=${sku}`, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('x-projection-lag-ms')).toMatch(/^\d+$/);

    await api.post('/v1/adjustments', { body: { storeId, sku, delta: 1, reason: 'restock' } });
    await eventually(async () => {
      const changed = await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`, {
        headers: { 'if-none-match': etag },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.totalOnHand).toBe(3);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });
  });

  it('answers 404 for a SKU nobody stocks and 400 for an invalid one', async () => {
    const unknown = await api.get(`/v1/availability?sku=${uniqueId('never')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'AVAILABILITY.NOT_FOUND' });
    const invalid = await api.get('/v1/availability?sku=has%20space');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    const missing = await api.get('/v1/availability');
    expect(missing.status).toBe(400);
  });
});
