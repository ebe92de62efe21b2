import { TOPICS } from '@inventory/contracts';
import { createLogger, loadConfig } from '@inventory/platform';
import { ConfigResourceTypes } from 'kafkajs';
import { createKafka } from './kafka-client';
import { bootstrapTopics, topicPlan } from './topic-bootstrap';

const config = loadConfig('operator');
const kafka = createKafka(config.kafka, createLogger('test', 'silent'));
const settings = { partitions: 6, replicationFactor: 1, eventsRetentionMs: -1 };

describe('topic bootstrap against Kafka', () => {
  it('is idempotent: a second run creates nothing and every planned topic exists', async () => {
    await bootstrapTopics(kafka, settings);
    expect(await bootstrapTopics(kafka, settings)).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      expect(existing).toEqual(expect.arrayContaining(topicPlan(settings).map((plan) => plan.topic)));
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPICS.stock, configNames: ['retention.ms'] }],
      });
      // The events topics are the replay log for rebuilds: kept forever.
      expect(described.resources[0]!.configEntries[0]).toMatchObject({
        configName: 'retention.ms',
        configValue: '-1',
      });
    } finally {
      await admin.disconnect();
    }
  });
});
