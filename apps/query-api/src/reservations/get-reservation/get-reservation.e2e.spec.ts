import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';
import {
  expectFreshRead,
  expectNotModified,
  expectProblem,
  invalidFields,
} from '../../testing/read-expectations';
import type { ReservationView } from './get-reservation.handler';

const api = new ApiClient();

describe('GET /v1/reservations/{id}', () => {
  it('answers 304 for the version held, and the new status once it changes', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, storeId, sku, 2);
    const created = await api.post<{ reservationId: string }>('/v1/reservations', {
      body: { storeId, lines: [{ sku, qty: 2 }] },
    });
    const path = `/v1/reservations/${created.body.reservationId}`;
    const first = await eventually(async () => {
      const response = await api.get<ReservationView>(path);
      expect(response.body).toMatchObject({ status: 'ACTIVE', version: 1, lines: [{ sku, qty: 2 }] });
      return response;
    });
    expectFreshRead(first);
    const etag = first.headers.get('etag')!;
    expectNotModified(await api.get(path, { headers: { 'if-none-match': etag } }), etag);

    await api.post(`${path}:cancel`, { body: {} });
    await eventually(async () => {
      const changed = await api.get<ReservationView>(path, { headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ status: 'CANCELLED', version: 2 });
    });
  });

  it('answers 404 for any well-formed id it never issued, UUID or not, and 400 only for a malformed one', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'res_123', 'r-1']) {
      expectProblem(await api.get(`/v1/reservations/${id}`), 404, 'RESERVATION.NOT_FOUND');
    }
    expect(invalidFields(await api.get(`/v1/reservations/${'r'.repeat(65)}`))).toEqual(['reservationId']);
    expect(invalidFields(await api.get('/v1/reservations/res%20123'))).toEqual(['reservationId']);
  });
});
