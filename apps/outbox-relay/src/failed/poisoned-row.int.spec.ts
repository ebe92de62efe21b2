import {
  eventually,
  RelayTestbed,
  stackEnvFromProcess,
  type ConsumedRecord,
  type RelayProcess,
} from '@inventory/testing';
import { ConfigResourceTypes } from 'kafkajs';
import type { FailedRow } from './list-failed/list-failed.http.controller';

jest.setTimeout(120_000);

const TOPIC_LIMIT = 16 * 1024;
let bed: RelayTestbed;
let relay: RelayProcess;

beforeAll(async () => {
  bed = await RelayTestbed.create(stackEnvFromProcess(), {
    topicConfig: [{ name: 'max.message.bytes', value: String(TOPIC_LIMIT) }],
  });
  relay = await bed.startRelay({ OUTBOX_RETRY_BACKOFF_MS: '100', OUTBOX_MAX_ATTEMPTS: '3' });
});

afterAll(() => bed?.dispose());

/**
 * Values per key as a consumer that dedups by event id sees them. Isolating a refused row re-sends the
 * partitions its failed request had already written, so a copy more of those rows is expected.
 */
function valuesByKey(records: ConsumedRecord[]): Map<string, string[]> {
  const copies = new Map<string, number>();
  const byKey = new Map<string, string[]>();
  for (const record of records) {
    const eventId = record.headers.ce_id!;
    copies.set(eventId, (copies.get(eventId) ?? 0) + 1);
    if (copies.get(eventId) === 1) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record.value!]);
  }
  expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
  return byKey;
}

async function failedRows(): Promise<FailedRow[]> {
  const { status, body } = await relay.request('GET', '/v1/outbox/failed');
  expect(status).toBe(200);
  return (body as { items: FailedRow[] }).items;
}

describe('a row Kafka refuses', () => {
  it('goes to the DLT and the failed list, holds only its own key, and is re-queued by :retry', async () => {
    const poison = 'x'.repeat(TOPIC_LIMIT * 2);
    const others = Array.from({ length: 20 }, (_, i) => `other-${i}`);
    const [, poisonId] = await bed.insert([
      { key: 'poisoned', value: 'p1' },
      { key: 'poisoned', value: poison },
      ...others.map((key) => ({ key, value: `${key}/1` })),
      { key: 'poisoned', value: 'p3' },
      ...others.map((key) => ({ key, value: `${key}/2` })),
    ]);
    await bed.wake();

    const [failed] = await eventually(async () => {
      const rows = await failedRows();
      expect(rows).toHaveLength(1);
      return rows;
    }, 30_000);
    expect(failed).toMatchObject({
      id: poisonId,
      key: 'poisoned',
      topic: bed.topic,
      deadLetterTopic: `${bed.topic}.dlt`,
      attempts: 3,
      valueBytes: poison.length,
      heldRows: 1,
    });
    expect(failed!.lastError).toMatch(/MESSAGE_TOO_LARGE/);

    // Rows of other keys written after the failure keep flowing.
    await bed.insert(others.map((key) => ({ key, value: `${key}/3` })));
    await bed.wake();
    await eventually(async () => expect(await bed.unpublished()).toBe(2), 20_000);
    const status = await relay.status();
    expect(status).toMatchObject({ role: 'leader', backlog: 1, failed: 1, heldBehindFailed: 1 });

    const published = valuesByKey(await bed.readTopic());
    for (const key of others) expect(published.get(key)).toEqual([`${key}/1`, `${key}/2`, `${key}/3`]);
    // The poisoned key stops at the refused row: p3 is held, not published out of order.
    expect(published.get('poisoned')).toEqual(['p1']);

    const [dead] = await bed.readTopic(`${bed.topic}.dlt`);
    expect(dead).toMatchObject({ key: 'poisoned', value: poison });
    expect(dead!.headers).toMatchObject({
      'x-error-code': 'MESSAGE_TOO_LARGE',
      'x-error-stage': 'publish',
      'x-original-topic': bed.topic,
      'x-outbox-id': poisonId,
      'x-attempts': '3',
    });
    expect(dead!.headers['x-error']).toMatch(/larger than the max message size/);

    // The operator fixes the cause (here: the topic's size limit), then re-queues the row.
    const admin = bed.kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: bed.topic,
          configEntries: [{ name: 'max.message.bytes', value: String(1024 * 1024) }],
        },
      ],
    });
    await admin.disconnect();

    expect((await relay.request('POST', `/v1/outbox/${poisonId}:retry`)).status).toBe(401);
    const retried = await relay.request('POST', `/v1/outbox/${poisonId}:retry`, 'devtoken');
    expect(retried).toEqual({ status: 202, body: { id: poisonId, status: 'requeued' } });

    await eventually(async () => expect(await bed.unpublished()).toBe(0), 20_000);
    expect(valuesByKey(await bed.readTopic()).get('poisoned')).toEqual(['p1', poison, 'p3']);
    expect(await failedRows()).toEqual([]);

    const again = await relay.request('POST', `/v1/outbox/${poisonId}:retry`, 'devtoken');
    expect(again).toMatchObject({ status: 409, body: { code: 'OUTBOX.NOT_FAILED' } });
    const unknown = await relay.request('POST', '/v1/outbox/999999999:retry', 'devtoken');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'OUTBOX.NOT_FOUND' } });
  });
});
