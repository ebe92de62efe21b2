import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';
import {
  expectFreshRead,
  expectNotModified,
  expectProblem,
  invalidFields,
} from '../../testing/read-expectations';
import type { TransferView } from './get-transfer.handler';

const api = new ApiClient();

describe('GET /v1/transfers/{id}', () => {
  it('shows a completed transfer and answers 304 for the version held', async () => {
    const [from, to, sku] = [await newStore(api), await newStore(api), await newProduct(api)];
    await stock(api, from, sku, 4);
    const moved = await api.post<{ transferId: string }>('/v1/transfers', {
      body: { fromStore: from, toStore: to, lines: [{ sku, qty: 3 }] },
    });
    const path = `/v1/transfers/${moved.body.transferId}`;
    const read = await eventually(async () => {
      const response = await api.get<TransferView>(path);
      expect(response.body).toEqual({
        transferId: moved.body.transferId,
        fromStore: from,
        toStore: to,
        lines: [{ sku, qty: 3 }],
        status: 'COMPLETED',
        failureReason: null,
        version: 2,
      });
      return response;
    });
    expectFreshRead(read);
    const etag = read.headers.get('etag')!;
    expectNotModified(await api.get(path, { headers: { 'if-none-match': etag } }), etag);
  });

  it('answers 404 for any well-formed id it never issued, UUID or not, and 400 only for a malformed one', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'trf_123', 't-1']) {
      expectProblem(await api.get(`/v1/transfers/${id}`), 404, 'TRANSFER.NOT_FOUND');
    }
    expect(invalidFields(await api.get(`/v1/transfers/${'t'.repeat(65)}`))).toEqual(['transferId']);
  });
});
