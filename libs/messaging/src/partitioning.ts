import { Partitioners, type Kafka, type PartitionMetadata } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();

/** The partition kafkajs's default (Java-compatible murmur2) partitioner picks for a keyed message. */
export function partitionOfKey(topic: string, key: string, partitionCount: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

/** Current partition counts of the given topics, from the cluster's metadata. */
export async function partitionCounts(kafka: Kafka, topics: string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics: described } = await admin.fetchTopicMetadata({ topics: [...new Set(topics)] });
    return new Map(described.map((topic) => [topic.name, topic.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Splits keyed messages into groups that each go to one partition, keeping their order. Kafka appends
 * or refuses a partition's part of a request as a whole, so a one-partition send never half-succeeds.
 */
export async function groupByPartition<M extends { topic: string; key: string }>(
  kafka: Kafka,
  messages: M[],
): Promise<M[][]> {
  const counts = await partitionCounts(
    kafka,
    messages.map((message) => message.topic),
  );
  const groups = new Map<string, M[]>();
  for (const message of messages) {
    const count = counts.get(message.topic);
    const label = count
      ? `${message.topic}/${partitionOfKey(message.topic, message.key, count)}`
      : message.topic;
    groups.set(label, [...(groups.get(label) ?? []), message]);
  }
  return [...groups.values()];
}
