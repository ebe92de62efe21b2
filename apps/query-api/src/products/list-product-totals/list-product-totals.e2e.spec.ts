import { ApiClient, eventually, newStore, stock, uniqueId } from '@inventory/testing';
import { expectFreshRead, expectNotModified, invalidFields } from '../../testing/read-expectations';
import type { ProductTotalsPage } from './list-product-totals.handler';

const api = new ApiClient();

const totals = (query: string, headers: Record<string, string> = {}) =>
  api.get<ProductTotalsPage>(`/v1/products/totals?${query}`, { headers });

async function createProduct(sku: string, name: string): Promise<void> {
  const response = await api.post('/v1/products', { body: { sku, name, lowStockThreshold: 3 } });
  expect(response.status).toBe(202);
}

describe('GET /v1/products/totals', () => {
  it('sums each product over its stores and bands its stock, ordered by SKU', async () => {
    const token = uniqueId('tot');
    const [s1, s2] = [await newStore(api), await newStore(api)];
    const [plenty, low, none] = ['a', 'b', 'c'].map((suffix) => `${token}-${suffix}`);
    await createProduct(plenty!, 'Lamp');
    await createProduct(low!, 'Chair');
    await createProduct(none!, 'Table');
    await stock(api, s1, plenty!, 10);
    await stock(api, s2, plenty!, 2);
    await stock(api, s1, low!, 2);
    expect(
      (await api.post('/v1/reservations', { body: { storeId: s1, lines: [{ sku: plenty, qty: 1 }] } }))
        .status,
    ).toBe(202);

    const page = await eventually(async () => {
      const response = await totals(`q=${token.toUpperCase()}`);
      expect(response.body).toEqual({
        items: [
          {
            sku: plenty,
            name: 'Lamp',
            totalOnHand: 12,
            totalReserved: 1,
            totalAvailable: 11,
            status: 'in_stock',
            updatedAt: expect.any(String),
          },
          {
            sku: low,
            name: 'Chair',
            totalOnHand: 2,
            totalReserved: 0,
            totalAvailable: 2,
            status: 'low_stock',
            updatedAt: expect.any(String),
          },
          {
            sku: none,
            name: 'Table',
            totalOnHand: 0,
            totalReserved: 0,
            totalAvailable: 0,
            status: 'out_of_stock',
            updatedAt: expect.any(String),
          },
        ],
        page: 0,
        size: 50,
        total: 3,
      });
      return response;
    });
    expectFreshRead(page);
  });

  it('pages by `page` (from 0, as the seed numbers them) and `size`, with the total of everything matching', async () => {
    const token = uniqueId('pg');
    const skus = ['1', '2', '3'].map((suffix) => `${token}-${suffix}`);
    for (const sku of skus) await createProduct(sku, 'Paged');
    await eventually(async () => expect((await totals(`q=${token}`)).body.total).toBe(3));

    const pages = await Promise.all([0, 1, 2].map((page) => totals(`q=${token}&size=2&page=${page}`)));
    expect(pages.map((page) => page.body.items.map((item) => item.sku))).toEqual([
      skus.slice(0, 2),
      skus.slice(2),
      [],
    ]);
    expect(pages.map((page) => [page.body.page, page.body.size, page.body.total])).toEqual([
      [0, 2, 3],
      [1, 2, 3],
      [2, 2, 3],
    ]);
    // No page asked for is the first page.
    const first = await totals(`q=${token}&size=2`);
    expect([first.body.page, first.body.items.map((item) => item.sku)]).toEqual([0, skus.slice(0, 2)]);
  });

  it('finds products by a part of their name, case-insensitively, taking % and _ literally', async () => {
    const token = uniqueId('nm');
    const [exact, lookalike] = [uniqueId('SKU'), uniqueId('SKU')];
    await createProduct(exact, `Sale ${token} 100%`);
    await createProduct(lookalike, `Sale ${token} 1000`);
    await eventually(async () => {
      const both = await totals(`q=${encodeURIComponent(`SALE ${token.toUpperCase()}`)}`);
      expect(both.body.items.map((item) => item.sku).sort()).toEqual([exact, lookalike].sort());
    });
    const literal = await totals(`q=${encodeURIComponent(`${token} 100%`)}`);
    expect(literal.body.items.map((item) => item.sku)).toEqual([exact]);
    const underscore = await totals(`q=${encodeURIComponent(`${token} 10_0`)}`);
    expect(underscore.body.total).toBe(0);
  });

  it('answers 304 while the page is unchanged, and 200 after a product on it changes', async () => {
    const storeId = await newStore(api);
    const sku = uniqueId('etag');
    await createProduct(sku, 'Tagged');
    await eventually(async () => expect((await totals(`q=${sku}`)).body.total).toBe(1));
    const first = await totals(`q=${sku}`);
    const etag = first.headers.get('etag')!;
    expectNotModified(await totals(`q=${sku}`, { 'if-none-match': etag }), etag);

    await stock(api, storeId, sku, 9);
    await eventually(async () => {
      const changed = await totals(`q=${sku}`, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.body.items[0]).toMatchObject({ totalOnHand: 9, status: 'in_stock' });
    });
  });

  it.each([
    ['a negative page', 'page=-1', 'page'],
    ['a page that is not a number', 'page=two', 'page'],
    ['size 0', 'size=0', 'size'],
    ['size 501', 'size=501', 'size'],
    ['a fractional size', 'size=2.5', 'size'],
    ['a search text over 100 characters', `q=${'x'.repeat(101)}`, 'q'],
    ['an unknown parameter', 'sort=name', 'sort'],
  ])('refuses %s with 400 problem+json', async (_, query, field) => {
    expect(invalidFields(await totals(query))).toEqual([field]);
  });
});
