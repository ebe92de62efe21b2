import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createIdempotentProducer, decodeEnvelope, encodeEnvelope, KAFKA } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { ProblemError } from '@inventory/platform';
import type { IHeaders, Kafka, Producer } from 'kafkajs';

export interface Replayed {
  id: string;
  topic: string;
  corrected: boolean;
}

interface Letter {
  id: string;
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Re-delivers dead letters to their source topics, so every consumer of the topic sees them again
 * (projections that applied one already skip it: version guards and event ids). The rows are marked
 * replayed once Kafka acknowledged the messages.
 */
@Injectable()
export class DeadLetterReplayer implements OnApplicationShutdown {
  private producer?: Promise<Producer>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(READ_DATABASE) private readonly database: Database,
  ) {}

  async replay(ids: string[], replacement?: Record<string, unknown>): Promise<Replayed[]> {
    if (replacement && ids.length !== 1) {
      throw new ProblemError(
        400,
        'DLT.REPLACEMENT_NEEDS_ONE_ID',
        'a replacement replays exactly one dead letter',
      );
    }
    const letters = await this.database.query<Letter>(
      `SELECT id, topic, key, value FROM read.dead_letters WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
    const missing = ids.filter((id) => !letters.some((letter) => letter.id === id));
    if (missing.length > 0) {
      throw new ProblemError(404, 'DLT.NOT_FOUND', `no dead letter with id ${missing.join(', ')}`);
    }
    const messages = letters.map((letter) => this.message(letter, replacement));
    const producer = await this.connected();
    for (const [index, letter] of letters.entries()) {
      await producer.send({ topic: letter.topic, acks: -1, messages: [messages[index]!] });
    }
    await this.database.query(
      `UPDATE read.dead_letters SET replayed_at = now(), replay_count = replay_count + 1
        WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    return letters.map((letter) => ({ id: letter.id, topic: letter.topic, corrected: Boolean(replacement) }));
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }

  private message(letter: Letter, replacement?: Record<string, unknown>) {
    const headers: IHeaders = { 'x-replay-of': letter.id };
    if (!replacement) return { key: letter.key, value: letter.value, headers };
    let envelope;
    try {
      envelope = decodeEnvelope(JSON.stringify(replacement));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProblemError(
        400,
        'DLT.INVALID_REPLACEMENT',
        `the replacement is not a valid event: ${reason}`,
      );
    }
    const encoded = encodeEnvelope(envelope, letter.key?.toString('utf8') ?? envelope.aggregate.id);
    return { ...encoded, headers: { ...encoded.headers, ...headers } };
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = createIdempotentProducer(this.kafka);
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}
