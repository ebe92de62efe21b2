import { ApiClient, newProduct, newStore, stock, tokenFor } from '@inventory/testing';
import type { RelayStatus } from '@inventory/contracts';

const api = new ApiClient();

describe('outbox operations through the gateway', () => {
  it('reports the relay as leader and how far behind it is', async () => {
    await stock(api, await newStore(api), await newProduct(api), 3);
    const { status, body } = await api.get<RelayStatus>('/v1/outbox/status');
    expect(status).toBe(200);
    expect(body.role).toBe('leader');
    expect(body.backlog).toBeGreaterThanOrEqual(0);
    expect(body.failed).toBeGreaterThanOrEqual(0);
    expect(body.oldestUnpublishedAgeMs).toBeGreaterThanOrEqual(0);
    expect(typeof body.publishedPerSecond).toBe('number');
  });

  it('lists failed rows and lets only admins re-queue one', async () => {
    const listed = await api.get<{ items: unknown[]; next: string | null }>('/v1/outbox/failed?limit=10');
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.body.items)).toBe(true);
    const invalid = await api.get('/v1/outbox/failed?limit=0');
    expect(invalid).toMatchObject({ status: 400, body: { code: 'VALIDATION.FAILED' } });

    const path = '/v1/outbox/999999999999:retry';
    const anonymous = await api.post(path, { headers: { authorization: '' } });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'AUTH.UNAUTHORIZED' } });
    const clerk = await api.post(path, { headers: { authorization: `Bearer ${tokenFor('clerk')}` } });
    expect(clerk).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    const admin = await api.post(path, {
      headers: { authorization: `Bearer ${tokenFor('ops', ['admin'])}` },
    });
    expect(admin).toMatchObject({ status: 404, body: { code: 'OUTBOX.NOT_FOUND' } });
  });
});
