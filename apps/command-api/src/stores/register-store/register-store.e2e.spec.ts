import { ApiClient, uniqueId } from '@inventory/testing';

const api = new ApiClient();

describe('POST /v1/stores', () => {
  it('registers a store and answers 202 with it', async () => {
    const storeId = uniqueId('S');
    const response = await api.post('/v1/stores', { body: { storeId, name: 'Downtown', latencyMs: 20 } });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ storeId, name: 'Downtown', latencyMs: 20, version: 1 });
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('replays the first answer for a retried Idempotency-Key', async () => {
    const storeId = uniqueId('S');
    const key = uniqueId('key');
    const first = await api.post('/v1/stores', {
      body: { storeId, name: 'Mall' },
      headers: { 'idempotency-key': key },
    });
    const retry = await api.post('/v1/stores', {
      body: { storeId, name: 'Mall' },
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses to register a store twice', async () => {
    const storeId = uniqueId('S');
    await api.post('/v1/stores', { body: { storeId, name: 'One' } });
    const again = await api.post('/v1/stores', { body: { storeId, name: 'Two' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'STORE.ALREADY_EXISTS', status: 409 });
  });

  it.each([
    ['an id with forbidden characters', { storeId: 'bad id!', name: 'X' }],
    ['a missing name', { storeId: 'S-valid' }],
    ['a negative latency', { storeId: 'S-valid', name: 'X', latencyMs: -1 }],
    ['an unknown field', { storeId: 'S-valid', name: 'X', color: 'red' }],
  ])('answers 400 problem+json for %s', async (_, body) => {
    const response = await api.post('/v1/stores', { body });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'VALIDATION.FAILED', status: 400 });
  });

  it('answers 401 without a token and with a bad one', async () => {
    const body = { storeId: uniqueId('S'), name: 'X' };
    const missing = await api.post('/v1/stores', { body, headers: { authorization: '' } });
    const wrong = await api.post('/v1/stores', { body, headers: { authorization: 'Bearer not-a-token' } });
    for (const response of [missing, wrong]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    }
  });
});
