import { deadLetterTopic, EVENT_TOPICS, TOPICS } from '@inventory/contracts';
import type { ITopicConfig, Kafka } from 'kafkajs';

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  /** -1 keeps events forever: the `*.events` topics are the replay log for rebuilds. */
  eventsRetentionMs: number;
}

export function topicPlan(settings: TopicSettings): ITopicConfig[] {
  const base = { numPartitions: settings.partitions, replicationFactor: settings.replicationFactor };
  const retention = { name: 'retention.ms', value: String(settings.eventsRetentionMs) };
  return [
    ...EVENT_TOPICS.flatMap((topic) => [
      { topic, ...base, configEntries: [retention] },
      { topic: deadLetterTopic(topic), ...base, configEntries: [retention] },
    ]),
    {
      topic: TOPICS.stockProjections,
      ...base,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
  ];
}

/** Creates missing topics; existing ones are left as they are, so running it again is harmless. */
export async function bootstrapTopics(kafka: Kafka, settings: TopicSettings): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicPlan(settings).filter((plan) => !existing.has(plan.topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    return missing.map((plan) => plan.topic);
  } finally {
    await admin.disconnect();
  }
}
