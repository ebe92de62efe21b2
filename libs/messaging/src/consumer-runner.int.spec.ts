import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@inventory/contracts';
import { createLogger, loadConfig } from '@inventory/platform';
import { KafkaJSNonRetriableError, type Admin, type Producer } from 'kafkajs';
import type { BatchContext } from './consumer-runner';
import { ConsumerRunner } from './consumer-runner';
import { createIdempotentProducer } from './event-producer';
import { createKafka } from './kafka-client';
import { sleep } from '@inventory/testing';

const kafka = createKafka(loadConfig('operator').kafka, createLogger('test', 'silent'));
const topic = `runner-it-${randomUUID().slice(0, 12)}`;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 1, replicationFactor: 1 },
      { topic: deadLetterTopic(topic), numPartitions: 1, replicationFactor: 1 },
    ],
  });
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic, deadLetterTopic(topic)] }).catch(() => undefined);
  await admin.disconnect();
});

describe('consumer runner', () => {
  it('comes back after a crash kafkajs does not restart by itself, and the batch is delivered again', async () => {
    // kafkajs leaves a consumer down after an error it deems not retriable (as when a restarted broker
    // has no group coordinator yet): here the handler raises one until it has failed twice.
    let failures = 0;
    const handled: BatchContext[] = [];
    const errors: unknown[] = [];
    const runner = new ConsumerRunner({
      kafka,
      producer,
      groupId: `runner-it-${randomUUID()}`,
      topics: [topic],
      logger: createLogger('test', 'silent'),
      retries: 0,
      handleBatch: async (_events, context) => {
        if (failures < 2) {
          failures++;
          throw new KafkaJSNonRetriableError('no group coordinator');
        }
        handled.push(context);
      },
      onError: (error) => errors.push(error),
    });
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'not an event' }] });
    await runner.start();
    try {
      const deadline = Date.now() + 30_000;
      while (handled.length === 0 && Date.now() < deadline) {
        await sleep(100);
      }
      expect(handled).toEqual([expect.objectContaining({ topic, partition: 0, nextOffset: '1' })]);
      expect(errors.filter((error) => error instanceof KafkaJSNonRetriableError).length).toBeGreaterThan(0);
    } finally {
      await runner.stop();
    }
  }, 45_000);
});
