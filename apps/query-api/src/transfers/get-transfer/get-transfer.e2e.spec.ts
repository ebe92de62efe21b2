import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';
import { expectFreshRead, expectNotModified, expectProblem } from '../../testing/read-expectations';
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

  it('answers 404 problem+json for an unknown id and 400 for one that is not a UUID', async () => {
    expectProblem(
      await api.get('/v1/transfers/00000000-0000-4000-8000-000000000000'),
      404,
      'TRANSFER.NOT_FOUND',
    );
    expectProblem(await api.get('/v1/transfers/t-1'), 400, 'VALIDATION.FAILED');
  });
});
