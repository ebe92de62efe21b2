import type { Kafka, Producer, RetryOptions } from 'kafkajs';
import { createIdempotentProducer, sendAll, type OutgoingMessage } from './event-producer';

/**
 * An idempotent producer that is replaced after any failed send.
 *
 * Why: when a request fails for one partition, kafkajs rolls back the sequence numbers of every
 * partition in that request, including partitions the broker already appended. The next send to such a
 * partition reuses sequence numbers the broker has seen; if its batch spans the same range, the broker
 * answers "duplicate" and silently drops the new messages. A fresh producer id starts a clean sequence
 * space: the worst case is a duplicate on the topic, never a loss.
 */
export class ProducerSession {
  private producer?: Promise<Producer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly retry?: RetryOptions,
  ) {}

  async send(messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.connected();
    try {
      await sendAll(producer, messages);
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  /** Drops the current producer; the next send connects a new one (a new producer id). */
  async reset(): Promise<void> {
    const current = this.producer;
    this.producer = undefined;
    if (current) await current.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.reset();
  }

  private connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = createIdempotentProducer(this.kafka, this.retry);
      this.producer = producer.connect().then(
        () => producer,
        async (error: unknown) => {
          this.producer = undefined;
          await producer.disconnect().catch(() => undefined);
          throw error;
        },
      );
    }
    return this.producer;
  }
}
