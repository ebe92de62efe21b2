import { CompressionTypes, type Kafka, type Producer, type RetryOptions } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  key: string;
  /** null only for a dead-letter record whose value the broker refused. */
  value: string | null;
  headers: Record<string, string>;
}

/**
 * An idempotent producer with acks=all and one request in flight per broker: Kafka then keeps
 * the order of messages of a key even across retries.
 */
export function createIdempotentProducer(kafka: Kafka, retry?: RetryOptions): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    ...(retry ? { retry } : {}),
  });
}

/** Sends messages grouped by topic in one request per broker; resolves only once every broker acknowledged. */
export async function sendAll(producer: Producer, messages: OutgoingMessage[]): Promise<void> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const message of messages) {
    const list = byTopic.get(message.topic) ?? [];
    list.push(message);
    byTopic.set(message.topic, list);
  }
  await producer.sendBatch({
    acks: -1,
    compression: CompressionTypes.None,
    topicMessages: [...byTopic].map(([topic, list]) => ({
      topic,
      messages: list.map(({ key, value, headers }) => ({ key, value, headers })),
    })),
  });
}
