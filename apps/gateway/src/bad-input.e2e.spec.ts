import { request as httpRequest } from 'node:http';
import { Pool } from 'pg';
import { signHs256 } from '@inventory/platform';
import {
  ApiClient,
  newProduct,
  newStore,
  stock,
  TEST_JWT_SECRET,
  tokenFor,
  uniqueId,
  type ApiResponse,
} from '@inventory/testing';
import { checkEventFold } from '../../command-api/src/operations/verify-event-fold/event-fold-check';

/**
 * Hostile and malformed requests through the gateway: each gets a documented 4xx problem+json (the
 * ApiClient holds every answer to openapi/openapi.yaml), changes nothing, and leaves the system
 * answering. "Changes nothing" is checked the way a client would notice: the next good write to the
 * same item finds it exactly where it was.
 */
const api = new ApiClient();
const MIB = 1024 * 1024;
const touchedItems = new Set<string>();

interface Item {
  storeId: string;
  sku: string;
  onHand: number;
  version: number;
}

async function freshItem(): Promise<Item> {
  const [storeId, sku] = [await newStore(api), await newProduct(api)];
  await stock(api, storeId, sku, 5);
  touchedItems.add(`${storeId}:${sku}`);
  return { storeId, sku, onHand: 5, version: 1 };
}

/** The next good write lands on the item's old numbers: nothing in between was applied. */
async function expectUnchanged(item: Item): Promise<void> {
  const probe = await api.post<{ onHand: number; version: number }>('/v1/adjustments', {
    body: { storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock' },
  });
  expect(probe.status).toBe(202);
  expect(probe.body).toMatchObject({ onHand: item.onHand + 1, version: item.version + 1 });
}

function expectProblem(answer: ApiResponse, status: number, code?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  if (code) expect(answer.body).toMatchObject({ status, code });
}

/** A raw request, for bodies fetch cannot send (chunked without a length). */
function rawPost(path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(path, api.baseUrl), { method: 'POST', headers }, (answer) => {
      answer.resume();
      answer.once('end', () => resolve(answer.statusCode ?? 0));
    });
    outgoing.once('error', reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe('bad input through the gateway', () => {
  afterAll(async () => {
    // Every item these tests wrote to is still exactly the fold of its events.
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    try {
      const report = await checkEventFold(pool, touchedItems);
      expect(report.discrepancies).toEqual([]);
      expect(report.streams).toBe(touchedItems.size);
    } finally {
      await pool.end();
    }
  });

  it('refuses a body over 1 MiB with 413, sent with a length or chunked', async () => {
    const item = await freshItem();
    const padding = 'x'.repeat(MIB + 10);
    const oversized = { storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock', note: padding };
    for (let attempt = 0; attempt < 3; attempt++) {
      // The same answer every time: the gateway must not turn the app's early refusal into a 503.
      expectProblem(await api.post('/v1/adjustments', { body: oversized }), 413, 'REQUEST.TOO_LARGE');
    }
    const chunked = await rawPost(
      '/v1/adjustments',
      {
        authorization: 'Bearer devtoken',
        'idempotency-key': uniqueId('key'),
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      [Buffer.from(JSON.stringify(oversized).slice(0, MIB / 2)), Buffer.from('x'.repeat(MIB))],
    );
    expect(chunked).toBe(413);
    await expectUnchanged(item);
  });

  it('refuses deeply nested JSON with 400 REQUEST.TOO_DEEP', async () => {
    const item = await freshItem();
    const deepArray = `{"storeId":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expectProblem(await api.post('/v1/stores', { body: deepArray }), 400, 'REQUEST.TOO_DEEP');
    let nested: unknown = 1;
    for (let depth = 0; depth < 100; depth++) nested = { nested };
    const deepField = { storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock', nested };
    expectProblem(await api.post('/v1/adjustments', { body: deepField }), 400, 'REQUEST.TOO_DEEP');
    expectProblem(
      await api.post('/v1/availability:batch', { body: { skus: [item.sku], storeId: nested } }),
      400,
      'REQUEST.TOO_DEEP',
    );
    await expectUnchanged(item);
  });

  it('refuses a megabyte of tiny JSON values with 400 REQUEST.TOO_MANY_VALUES, many at once, and stays up', async () => {
    const item = await freshItem();
    const wide = (unit: string) => {
      const values = Array<string>(Math.floor((MIB - 200) / (unit.length + 1))).fill(unit);
      return `{"storeId":"${item.storeId}","snapshotOnHand":{},"source":"x","pad":[${values.join(',')}]}`;
    };
    const bodies = ['[]', '0', '{}', '""'].map(wide);
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        api.post('/v1/reconciliations', { body: bodies[i % bodies.length]! }),
      ),
    );
    for (const answer of answers) expectProblem(answer, 400, 'REQUEST.TOO_MANY_VALUES');
    await expectUnchanged(item);
  });

  it('refuses other media types with 415 and broken JSON with 400', async () => {
    const item = await freshItem();
    const body = JSON.stringify({ storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock' });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ]) {
      const answer = await api.post('/v1/adjustments', { body, headers: { 'content-type': type } });
      expectProblem(answer, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
    }
    for (const notAnObject of ['null', '[]', '"text"', '42', 'true']) {
      expectProblem(await api.post('/v1/adjustments', { body: notAnObject }), 400, 'VALIDATION.FAILED');
    }
    // `null` is not "no body": the optional body of a cancel must still be an object.
    const { reservationId } = (
      await api.post<{ reservationId: string }>('/v1/reservations', {
        body: { storeId: item.storeId, lines: [{ sku: item.sku, qty: 1 }] },
      })
    ).body;
    Object.assign(item, { version: item.version + 1 });
    const cancelNull = await api.post(`/v1/reservations/${reservationId}:cancel`, { body: 'null' });
    expectProblem(cancelNull, 400, 'VALIDATION.FAILED');
    for (const broken of ['{"storeId":', '{"a":1}}', "{'single':'quotes'}", '\u0000']) {
      expectProblem(await api.post('/v1/adjustments', { body: broken }), 400, 'REQUEST.MALFORMED_JSON');
    }
    // Prototype poisoning is refused outright, not merged into the command.
    const poisoned = `{"storeId":"${item.storeId}","sku":"${item.sku}","delta":1,"reason":"restock","__proto__":{"admin":true}}`;
    expectProblem(await api.post('/v1/adjustments', { body: poisoned }), 400);
    await expectUnchanged(item);
  });

  it.each([
    ['1e308', 1e308],
    ['2^63', '9223372036854775808'],
    ['a big integer as a string', '"9223372036854775807"'],
    ['a number as a string', '"3"'],
    ['-2^63', '-9223372036854775808'],
    ['NaN-like', '"NaN"'],
    ['zero', 0],
    ['a fraction', 0.5],
  ])('refuses %s as a quantity or delta with 400 VALIDATION.FAILED', async (_label, value) => {
    const item = await freshItem();
    const { storeId, sku } = item;
    const raw = String(value);
    const bodies: Array<[string, string]> = [
      ['/v1/adjustments', `{"storeId":"${storeId}","sku":"${sku}","delta":${raw},"reason":"restock"}`],
      ['/v1/purchase', `{"sku":"${sku}","qty":${raw}}`],
      ['/v1/reservations', `{"storeId":"${storeId}","lines":[{"sku":"${sku}","qty":${raw}}]}`],
      [
        '/v1/items:set-absolute',
        `{"storeId":"${storeId}","sku":"${sku}","onHand":${raw === '0' ? -1 : raw}}`,
      ],
      [
        '/v1/transfers',
        `{"fromStore":"${storeId}","toStore":"${storeId}x","lines":[{"sku":"${sku}","qty":${raw}}]}`,
      ],
      [
        '/v1/reconciliations',
        `{"storeId":"${storeId}","snapshotOnHand":{"${sku}":${raw === '0' ? -1 : raw}}}`,
      ],
    ];
    for (const [path, body] of bodies) {
      expectProblem(await api.post(path, { body }), 400, 'VALIDATION.FAILED');
    }
    await expectUnchanged(item);
  });

  it('refuses negative quantities and an over-long TTL', async () => {
    const item = await freshItem();
    const { storeId, sku } = item;
    for (const [path, body] of [
      ['/v1/purchase', { sku, qty: -1 }],
      ['/v1/reservations', { storeId, lines: [{ sku, qty: -2 }] }],
      ['/v1/reservations', { storeId, lines: [{ sku, qty: 1 }], ttlSeconds: -1 }],
      ['/v1/items:set-absolute', { storeId, sku, onHand: -5 }],
      ['/v1/products', { sku: uniqueId('SKU'), name: 'n', initialOnHand: -1 }],
      ['/v1/stores', { storeId: uniqueId('S'), name: 'n', latencyMs: -1 }],
    ] as const) {
      expectProblem(await api.post(path, { body }), 400, 'VALIDATION.FAILED');
    }
    await expectUnchanged(item);
  });

  it.each([
    ['NUL', 'S\u0000X'],
    ['a control character', 'S\u0007X'],
    ['right-to-left override', 'S\u202eX'],
    ['an emoji', 'S📦'],
    ['a zero-width space', 'S\u200bX'],
    ['a SQL quote', "S1' OR '1'='1"],
    ['a SQL comment', 'S1; DROP TABLE command.events; --'],
    ['a LIKE wildcard', 'S%'],
    ['a path separator', '../S1'],
    ['an empty id', ''],
    ['65 characters', 'S'.repeat(65)],
  ])('refuses %s in ids: 400 in bodies and paths, nothing created', async (_label, badId) => {
    const item = await freshItem();
    const writes: Array<[string, Record<string, unknown>]> = [
      ['/v1/stores', { storeId: badId, name: 'Store' }],
      ['/v1/products', { sku: badId, name: 'Product', initialOnHand: 3 }],
      ['/v1/adjustments', { storeId: badId, sku: item.sku, delta: 1, reason: 'restock' }],
      ['/v1/adjustments', { storeId: item.storeId, sku: badId, delta: 1, reason: 'restock' }],
      ['/v1/reservations', { storeId: item.storeId, lines: [{ sku: badId, qty: 1 }] }],
      ['/v1/transfers', { fromStore: item.storeId, toStore: badId, lines: [{ sku: item.sku, qty: 1 }] }],
    ];
    for (const [path, body] of writes) {
      const answer = await api.post<{ code: string }>(path, { body });
      expectProblem(answer, 400);
      // NUL is refused for any string before the id rules look at it.
      expect(['VALIDATION.FAILED', 'REQUEST.INVALID_TEXT']).toContain(answer.body.code);
    }
    const encoded = encodeURIComponent(badId);
    const reads = [
      `/v1/availability?sku=${encoded}`,
      `/v1/availability?sku=${item.sku}&storeId=${encoded}`,
      `/v1/events?storeId=${encoded}`,
      `/v1/availability/changes?storeId=${encoded}`,
    ];
    for (const path of reads) expectProblem(await api.get(path), 400, 'VALIDATION.FAILED');
    if (badId !== '' && !badId.includes('/')) {
      expectProblem(await api.get(`/v1/items/${encoded}/availability`), 400, 'VALIDATION.FAILED');
      expectProblem(await api.get(`/v1/reservations/${encoded}`), 400, 'VALIDATION.FAILED');
      expectProblem(await api.get(`/v1/transfers/${encoded}`), 400, 'VALIDATION.FAILED');
    }
    await expectUnchanged(item);
  });

  it('refuses NUL and unpaired surrogates in free text and keys with 400 REQUEST.INVALID_TEXT', async () => {
    const item = await freshItem();
    for (const text of ['a\u0000b', '\u0000', 'a\ud800b', '\udc00']) {
      const storeId = uniqueId('S');
      const writes: Array<[string, unknown]> = [
        ['/v1/stores', { storeId, name: text }],
        ['/v1/products', { sku: uniqueId('SKU'), name: text }],
        ['/v1/purchase', { sku: item.sku, qty: 1, customerId: text }],
        ['/v1/items:set-absolute', { storeId: item.storeId, sku: item.sku, onHand: 9, countRef: text }],
        ['/v1/reconciliations', { storeId: item.storeId, snapshotOnHand: { [item.sku]: 9 }, source: text }],
        ['/v1/reconciliations', { storeId: item.storeId, snapshotOnHand: { [text]: 9 } }],
      ];
      for (const [path, body] of writes) {
        expectProblem(await api.post(path, { body }), 400, 'REQUEST.INVALID_TEXT');
      }
      // It was never registered: the id is still free.
      expect((await api.post('/v1/stores', { body: { storeId, name: 'Store' } })).status).toBe(202);
    }
    const search = await api.get(`/v1/products/totals?q=${encodeURIComponent('a\u0000b')}`);
    expectProblem(search, 400, 'VALIDATION.FAILED');
    await expectUnchanged(item);
  });

  it('treats SQL metacharacters in free-text search as text', async () => {
    const sku = await newProduct(api);
    for (const q of ["' OR '1'='1", '%', '_', '%_%', "'; DROP TABLE read.product_totals_view; --", '\\']) {
      const answer = await api.get<{ items: Array<{ sku: string; name: string | null }> }>(
        `/v1/products/totals?size=500&q=${encodeURIComponent(q)}`,
      );
      expect(answer.status).toBe(200);
      // Only products whose SKU or name holds the text literally: wildcards and quotes match nothing else.
      for (const product of answer.body.items) {
        expect(`${product.sku} ${product.name ?? ''}`.toLowerCase()).toContain(q.toLowerCase());
      }
    }
    const still = await api.get<{ items: Array<{ sku: string }> }>(`/v1/products/totals?q=${sku}`);
    expect(still.body.items.map((product) => product.sku)).toEqual([sku]);
  });

  it('refuses huge and malformed numbers and times in query parameters with 400', async () => {
    for (const path of [
      '/v1/products/totals?page=1e308',
      '/v1/products/totals?size=9223372036854775808',
      '/v1/products/totals?page=-1',
      '/v1/products/totals?size=1.5',
      '/v1/events?limit=0',
      '/v1/events?since=2025-13-45T99:00:00Z',
      `/v1/events?cursor=${encodeURIComponent("'; DROP TABLE x; --")}`,
      '/v1/availability/changes?limit=abc',
      `/v1/availability/changes?since=${encodeURIComponent("now' OR 1=1")}`,
      // Cursors past what a bigint id holds (these were a 500 from PostgreSQL).
      '/v1/outbox/failed?after=264953623095982021528256512',
      '/v1/outbox/failed?after=9223372036854775808',
    ]) {
      expectProblem(await api.get(path), 400);
    }
    const deadLetters = await api.get('/v1/dlt?after=264953623095982021528256512', {
      headers: { authorization: 'Bearer devtoken' },
    });
    expectProblem(deadLetters, 400, 'VALIDATION.FAILED');
  });

  it('answers 401 to missing, garbled, expired and wrongly signed tokens, 403 to a missing role', async () => {
    const item = await freshItem();
    const body = { storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock' };
    const header = (value: string) => ({ body, headers: { authorization: value } });
    const none = Buffer.from('{"alg":"none"}').toString('base64url');
    const claims = Buffer.from('{"sub":"mallory","roles":["admin"]}').toString('base64url');
    const unauthorized = [
      header(''),
      header('Bearer'),
      header('Bearer '),
      header('Basic ZGV2OmRldg=='),
      header('Bearer not.a.jwt'),
      header('Bearer a.b.c'),
      header(`Bearer ${none}.${claims}.`),
      header(`Bearer ${signHs256({ sub: 'clerk', roles: ['admin'] }, 'another-secret')}`),
      header(`Bearer ${tokenFor('clerk', ['admin'], -60)}`),
      header(`Bearer ${signHs256({ roles: ['admin'] }, TEST_JWT_SECRET)}`),
      header(`Bearer ${signHs256({ sub: 'clerk', nbf: Date.now() / 1000 + 600 }, TEST_JWT_SECRET)}`),
      header(`Bearer ${'x'.repeat(8000)}`),
    ];
    for (const options of unauthorized) {
      const answer = await api.post('/v1/adjustments', options);
      expectProblem(answer, 401, 'AUTH.UNAUTHORIZED');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    const clerk = api.as(tokenFor('clerk', ['viewer']));
    for (const [path, adminBody] of [
      ['/v1/items:set-absolute', { storeId: item.storeId, sku: item.sku, onHand: 99 }],
      ['/v1/reconciliations', { storeId: item.storeId, snapshotOnHand: { [item.sku]: 99 } }],
    ] as const) {
      expectProblem(await clerk.post(path, { body: adminBody }), 403, 'AUTH.FORBIDDEN');
    }
    expectProblem(await clerk.post('/v1/projections/rebuild', { body: {} }), 403, 'AUTH.FORBIDDEN');
    await expectUnchanged(item);
  });

  it('refuses a replayed Idempotency-Key with another body (422) and keys that are not keys (400)', async () => {
    const item = await freshItem();
    const key = uniqueId('key');
    const first = await api.post<{ onHand: number; version: number }>('/v1/adjustments', {
      body: { storeId: item.storeId, sku: item.sku, delta: 2, reason: 'restock' },
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(202);
    Object.assign(item, { onHand: first.body.onHand, version: first.body.version });
    for (const other of [
      { storeId: item.storeId, sku: item.sku, delta: 3, reason: 'restock' },
      { storeId: item.storeId, sku: item.sku, delta: -2, reason: 'damage' },
    ]) {
      const replayed = await api.post('/v1/adjustments', {
        body: other,
        headers: { 'idempotency-key': key },
      });
      expectProblem(replayed, 422, 'IDEMPOTENCY.KEY_REUSED');
    }
    // The same key on another endpoint is another request too.
    const elsewhere = await api.post('/v1/purchase', {
      body: { sku: item.sku, qty: 1 },
      headers: { 'idempotency-key': key },
    });
    expectProblem(elsewhere, 422, 'IDEMPOTENCY.KEY_REUSED');
    const body = { storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock' };
    for (const badKey of ['k'.repeat(256), 'has space', 'tab\there']) {
      const answer = await api.post('/v1/adjustments', { body, headers: { 'idempotency-key': badKey } });
      expectProblem(answer, 400, 'IDEMPOTENCY.KEY_INVALID');
    }
    const longKey = await api.get(`/v1/idempotency/${'k'.repeat(256)}`, {
      headers: { authorization: 'Bearer devtoken' },
    });
    expectProblem(longKey, 400, 'IDEMPOTENCY.KEY_INVALID');
    await expectUnchanged(item);
  });

  it('refuses null where a value is optional, and unknown fields', async () => {
    const item = await freshItem();
    for (const [path, body] of [
      ['/v1/stores', { storeId: uniqueId('S'), name: 'n', latencyMs: null }],
      ['/v1/purchase', { sku: item.sku, qty: 1, customerId: null }],
      ['/v1/reservations', { storeId: item.storeId, lines: [{ sku: item.sku, qty: 1 }], ttlSeconds: null }],
      ['/v1/adjustments', { storeId: item.storeId, sku: item.sku, delta: 1, reason: 'restock', admin: true }],
      ['/v1/availability:batch', { skus: [item.sku], storeId: null }],
    ] as const) {
      expectProblem(await api.post(path, { body }), 400, 'VALIDATION.FAILED');
    }
    await expectUnchanged(item);
  });

  it('still serves after all of it', async () => {
    const ready = await fetch(new URL('/ready', api.baseUrl));
    expect(ready.status).toBe(200);
    await expectUnchanged(await freshItem());
  });
});
