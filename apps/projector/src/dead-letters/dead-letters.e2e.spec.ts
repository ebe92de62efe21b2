import { randomUUID } from 'node:crypto';
import { TOPICS } from '@inventory/contracts';
import { ApiClient, eventually, newProduct, newStore, stock, tokenFor } from '@inventory/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Pool } from 'pg';

/**
 * A stock event whose message arrives corrupted: the projector dead-letters it and moves on; an
 * operator lists it, and replaying the corrected message applies it.
 *
 * The test plays the command side for that one event (state row and event in one transaction, as a
 * command would write them) but delivers a broken copy to Kafka instead of letting the relay publish.
 */
const api = new ApiClient();
const admin = api.as(tokenFor('ops', ['admin']));
const clerk = api.as(tokenFor('clerk', []));
const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
let producer: Producer;

interface DeadLetterView {
  id: string;
  topic: string;
  key: string | null;
  stage: string;
  error: string;
  replayCount: number;
}

const authed = { headers: { authorization: `Bearer ${tokenFor('ops', [])}` } };

beforeAll(async () => {
  producer = kafka.producer();
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect();
  await db.end();
});

/** Writes version 2 of the item (+3 units) on the command side and returns its event envelope. */
async function commandSideChange(storeId: string, sku: string) {
  const streamId = `${storeId}:${sku}`;
  const { rows } = await db.query<{
    event_version: number;
    payload: Record<string, unknown>;
    metadata: object;
  }>(
    `SELECT event_version, payload, metadata FROM command.events
      WHERE stream_type = 'stock-item' AND stream_id = $1 AND stream_version = 1`,
    [streamId],
  );
  const first = rows[0]!;
  const onHand = Number(first.payload.onHand) + 3;
  const envelope = {
    eventId: randomUUID(),
    eventType: 'StockAdjusted',
    eventVersion: first.event_version,
    occurredAt: new Date().toISOString(),
    aggregate: { type: 'stock-item', id: streamId, version: 2 },
    payload: {
      ...first.payload,
      delta: 3,
      reason: 'restock',
      onHand,
      reserved: 0,
      available: onHand,
      version: 2,
    },
    metadata: first.metadata,
  };
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `UPDATE command.stock_items SET on_hand = $3, version = 2 WHERE store_id = $1 AND sku = $2 AND version = 1`,
      [storeId, sku, onHand],
    );
    await client.query(
      `INSERT INTO command.events
         (event_id, stream_type, stream_id, stream_version, event_type, event_version, occurred_at, payload, metadata)
       VALUES ($1, 'stock-item', $2, 2, 'StockAdjusted', $3, $4, $5, $6)`,
      [
        envelope.eventId,
        streamId,
        envelope.eventVersion,
        envelope.occurredAt,
        envelope.payload,
        envelope.metadata,
      ],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return envelope;
}

/** Every dead letter of stock.events with this key, following the pages. */
async function deadLettersOf(key: string): Promise<DeadLetterView[]> {
  const found: DeadLetterView[] = [];
  for (let after = '0'; ;) {
    const page = await api.get<{ items: DeadLetterView[]; next: string | null }>(
      `/v1/dlt?topic=${TOPICS.stock}&limit=500&after=${after}`,
      authed,
    );
    expect(page.status).toBe(200);
    found.push(...page.body.items.filter((item) => item.key === key));
    if (!page.body.next) return found;
    after = page.body.next;
  }
}

async function deadLetterOf(key: string): Promise<DeadLetterView> {
  return eventually(async () => {
    const letter = (await deadLettersOf(key))[0];
    expect(letter).toBeDefined();
    return letter!;
  }, 20_000);
}

it('dead-letters a malformed stock event, moves on, and applies the corrected replay', async () => {
  const storeId = await newStore(api);
  const sku = await newProduct(api);
  await stock(api, storeId, sku, 5);
  await eventually(async () => {
    const read = await api.get<{ totalOnHand: number }>(`/v1/availability?sku=${sku}`);
    expect(read.body.totalOnHand).toBe(5);
  });

  const envelope = await commandSideChange(storeId, sku);
  const key = `${storeId}:${sku}`;
  const broken = { ...envelope, payload: { ...envelope.payload, available: 'eight' } };
  await producer.send({ topic: TOPICS.stock, acks: -1, messages: [{ key, value: JSON.stringify(broken) }] });

  const letter = await deadLetterOf(key);
  expect(letter).toMatchObject({ topic: TOPICS.stock, stage: 'decode', replayCount: 0 });
  expect(letter.error).toMatch(/available/);
  // Not applied: the read side still shows version 1.
  const before = await api.get<{ perStore: Array<{ version: number; onHand: number }> }>(
    `/v1/availability?sku=${sku}`,
  );
  expect(before.body.perStore).toEqual([expect.objectContaining({ version: 1, onHand: 5 })]);

  // Operators only: a clerk cannot replay; an unknown id is a 404; a replacement must be a valid event.
  expect((await clerk.post('/v1/dlt/replay', { body: { ids: [letter.id] } })).status).toBe(403);
  const unknown = await admin.post('/v1/dlt/replay', { body: { ids: ['999999999999'] } });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
  const invalid = await admin.post('/v1/dlt/replay', { body: { ids: [letter.id], replacement: broken } });
  expect(invalid.status).toBe(400);

  const replay = await admin.post<{ replayed: Array<{ id: string; corrected: boolean }> }>('/v1/dlt/replay', {
    body: { ids: [letter.id], replacement: envelope },
  });
  expect(replay.status).toBe(202);
  expect(replay.body.replayed).toEqual([{ id: letter.id, topic: TOPICS.stock, corrected: true }]);

  await eventually(async () => {
    const read = await api.get<{ totalOnHand: number; perStore: Array<{ version: number }> }>(
      `/v1/availability?sku=${sku}`,
    );
    expect(read.body).toMatchObject({ totalOnHand: 8, perStore: [expect.objectContaining({ version: 2 })] });
  });
  expect((await deadLetterOf(key)).replayCount).toBe(1);

  // The partition moved on: the next real command is applied as usual.
  await stock(api, storeId, sku, 1);
  await eventually(async () => {
    const read = await api.get<{ totalOnHand: number }>(`/v1/availability?sku=${sku}`);
    expect(read.body.totalOnHand).toBe(9);
  });
}, 60_000);

it('dead-letters hostile messages (garbage, unknown type, near-limit size) without stopping the projection', async () => {
  const storeId = await newStore(api);
  const sku = await newProduct(api);
  await stock(api, storeId, sku, 2);
  const key = `${storeId}:${sku}`;
  const unknownType = {
    eventId: randomUUID(),
    eventType: 'StockTeleported',
    eventVersion: 1,
    occurredAt: new Date().toISOString(),
    aggregate: { type: 'stock-item', id: key, version: 9 },
    payload: { storeId, sku, version: 9 },
    metadata: {},
  };
  const values = [
    '\u0000\u0001 not an event',
    JSON.stringify(unknownType),
    JSON.stringify({ ...unknownType, padding: 'x'.repeat(900_000) }),
    '[]',
  ];
  await producer.send({ topic: TOPICS.stock, acks: -1, messages: values.map((value) => ({ key, value })) });
  await stock(api, storeId, sku, 3);

  await eventually(async () => {
    const read = await api.get<{ totalOnHand: number }>(`/v1/availability?sku=${sku}`);
    expect(read.body.totalOnHand).toBe(5);
  }, 20_000);
  const listed = await eventually(async () => {
    const page = await api.get<{ items: DeadLetterView[] }>(
      `/v1/dlt?topic=${TOPICS.stock}&limit=500`,
      authed,
    );
    const ours = page.body.items.filter((item) => item.key === key);
    expect(ours).toHaveLength(values.length);
    return ours;
  }, 20_000);
  expect(listed.every((letter) => letter.stage === 'decode')).toBe(true);
}, 60_000);

it('lists dead letters to authenticated callers only and validates the query', async () => {
  expect((await api.get('/v1/dlt')).status).toBe(401);
  const bad = await api.get('/v1/dlt?limit=0', authed);
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  const noIds = await admin.post('/v1/dlt/replay', { body: { ids: [] } });
  expect(noIds.status).toBe(400);
});

it('copies a dead letter to the topic’s DLT with the error in its headers', async () => {
  const key = `dlt-probe-${randomUUID()}`;
  await producer.send({ topic: TOPICS.stock, acks: -1, messages: [{ key, value: '{not json' }] });
  await deadLetterOf(key);
  const consumer = kafka.consumer({ groupId: `dlt-check-${randomUUID()}` });
  const headers = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no DLT message seen')), 20_000);
    void (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: `${TOPICS.stock}.dlt`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== key) return;
          clearTimeout(timer);
          resolve(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
        },
      });
    })().catch(reject);
  }).finally(() => consumer.disconnect());
  expect(headers).toMatchObject({ 'x-error-stage': 'decode', 'x-original-topic': TOPICS.stock });
  expect(headers['x-error']).toBeTruthy();
}, 40_000);
