import { ApiClient, eventually, newProduct, newStore } from '@inventory/testing';
import { expectFreshRead, expectNotModified, invalidFields } from '../../testing/read-expectations';
import type { TimelinePage } from './list-events.handler';

const api = new ApiClient();

const events = (query: string, headers: Record<string, string> = {}) =>
  api.get<TimelinePage>(`/v1/events?${query}`, { headers });

const adjust = async (storeId: string, sku: string, delta: number) =>
  expect(
    (
      await api.post('/v1/adjustments', {
        body: { storeId, sku, delta, reason: delta > 0 ? 'restock' : 'sale' },
      })
    ).status,
  ).toBe(202);

const summary = (page: TimelinePage) => page.items.map((event) => `${event.eventType}@${event.version}`);

describe('GET /v1/events', () => {
  it("tells an item's history in the order it happened, alerts after their cause", async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await adjust(storeId, sku, 10);
    await adjust(storeId, sku, -8);
    await adjust(storeId, sku, -2);
    await adjust(storeId, sku, 5);

    const read = await eventually(async () => {
      const response = await events(`storeId=${storeId}&sku=${sku}`);
      expect(summary(response.body)).toEqual([
        'StockAdjusted@1',
        'StockAdjusted@2',
        'StockLow@2',
        'StockAdjusted@3',
        'StockDepleted@3',
        'StockAdjusted@4',
        'StockReplenished@4',
      ]);
      return response;
    });
    expectFreshRead(read);
    expect(read.body.nextCursor).toBeNull();
    expect(read.body.items[1]).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      eventType: 'StockAdjusted',
      storeId,
      sku,
      version: 2,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      payload: expect.objectContaining({ delta: -8, onHand: 2, reserved: 0, available: 2, version: 2 }),
      metadata: expect.objectContaining({ actor: expect.any(String), traceId: expect.any(String) }),
    });
  });

  it('pages with its cursor, without repeating or skipping an event', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    for (const delta of [5, 5, 5, 5, 5]) await adjust(storeId, sku, delta);
    await eventually(async () => expect((await events(`sku=${sku}`)).body.items).toHaveLength(5));

    const versions: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: TimelinePage = (await events(`sku=${sku}&limit=2${cursor ? `&cursor=${cursor}` : ''}`))
        .body;
      versions.push(...page.items.map((event) => event.version));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(versions).toEqual([1, 2, 3, 4, 5]);
    expect(pages).toBe(3);
  });

  it('filters by store, by SKU and by time', async () => {
    const [s1, s2, sku] = [await newStore(api), await newStore(api), await newProduct(api)];
    await adjust(s1, sku, 4);
    await adjust(s2, sku, 6);
    const both = await eventually(async () => {
      const response = await events(`sku=${sku}`);
      expect(response.body.items.map((event) => event.storeId).sort()).toEqual([s1, s2].sort());
      return response;
    });
    expect((await events(`storeId=${s2}`)).body.items).toEqual([
      expect.objectContaining({ storeId: s2, sku, eventType: 'StockAdjusted' }),
    ]);
    const last = both.body.items.at(-1)!;
    const since = new Date(Date.parse(last.occurredAt) + 1).toISOString();
    expect((await events(`sku=${sku}&since=${since}`)).body.items).toEqual([]);
    const fromLast = (await events(`sku=${sku}&since=${last.occurredAt}`)).body.items;
    expect(fromLast.map((event) => event.eventId)).toContain(last.eventId);
    expect(fromLast.every((event) => event.occurredAt >= last.occurredAt)).toBe(true);
  });

  it('answers 304 while the page is unchanged, and 200 once a new event joins it', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await adjust(storeId, sku, 10);
    const first = await eventually(async () => {
      const response = await events(`sku=${sku}`);
      expect(response.body.items).toHaveLength(1);
      return response;
    });
    const etag = first.headers.get('etag')!;
    expectNotModified(await events(`sku=${sku}`, { 'if-none-match': etag }), etag);
    await adjust(storeId, sku, 10);
    await eventually(async () => {
      const changed = await events(`sku=${sku}`, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.body.items).toHaveLength(2);
    });
  });

  it.each([
    ['a cursor it did not issue', 'cursor=eHl6', 'cursor'],
    ['a time that is not ISO 8601', 'since=12%2F01%2F2025', 'since'],
    ['limit 0', 'limit=0', 'limit'],
    ['limit 1001', 'limit=1001', 'limit'],
    ['a malformed SKU', 'sku=a%20b', 'sku'],
    ['an unknown parameter', 'type=StockLow', 'type'],
  ])('refuses %s with 400 problem+json', async (_, query, field) => {
    expect(invalidFields(await events(query))).toEqual([field]);
  });
});
