import { deadLetterTopic, type EventEnvelope } from '@inventory/contracts';
import { isTransientError } from '@inventory/platform';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { decodeEnvelope } from './envelope-codec';

export interface ConsumedEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Broker timestamp (ms): when the event reached Kafka. */
  timestamp: number;
  envelope: EventEnvelope;
}

export interface BatchContext {
  topic: string;
  partition: number;
  /** Offset after the last message of this batch: what a checkpoint stores. */
  nextOffset: string;
  highWatermark: string;
}

export interface DeadLetter {
  /** The consumer group that gave up on it. */
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  /** The message's exact bytes: a message that failed to decode may not be valid text. */
  key: Buffer | null;
  value: Buffer | null;
  error: string;
  stage: 'decode' | 'apply';
}

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  producer: Producer;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Applies a batch of one partition; must be idempotent (redelivery after a crash is normal). */
  handleBatch(events: ConsumedEvent[], context: BatchContext): Promise<void>;
  onDeadLetter?(letter: DeadLetter): Promise<void>;
  /** Told of every failed attempt and of a consumer crash, e.g. to show the last error in a status. */
  onError?(error: unknown): void;
  retries?: number;
  /**
   * How long a fetch waits at the broker for new events (it returns as soon as there is one, so this
   * costs no latency): the cost of an idle consumer is one fetch per wait. A consumer that is stopped
   * as soon as it has caught up (a rebuild's replay) waits less, since stop() waits for the fetch.
   */
  maxWaitTimeInMs?: number;
  /**
   * How many partitions' batches of one fetch are handled at once (kafkajs runs them concurrently, each
   * partition's still one after the other); 1 by default.
   */
  partitionsConsumedConcurrently?: number;
  /** The most one fetch brings of one partition (kafkajs' default: 1 MiB). */
  maxBytesPerPartition?: number;
}

const RESTART_PAUSE_MS = 1000;
/**
 * An idle consumer sends one fetch per `maxWaitTimeInMs` and a heartbeat per `heartbeatInterval`: at 50
 * and 1000 ms the projector's four consumers cost Kafka most of its idle CPU (bench/README.md, idle).
 */
const IDLE_FETCH_WAIT_MS = 500;
const HEARTBEAT_MS = 3000;
/**
 * Kafka's committed offset only bounds what a restarted consumer is sent again: the handler's own
 * record (a projection's checkpoint) decides what is applied. Committing after every batch cost one
 * OffsetCommit request per partition batch and group, the broker's largest share under load
 * (bench/README.md); once a second, a restart re-sends at most that second's events, which are skipped.
 */
const COMMIT_INTERVAL_MS = 1000;

/**
 * Runs a consumer group whose handler applies whole batches. A batch that keeps failing is split into
 * single messages; a message that still fails after its retries goes to `<topic>.dlt` with the error in
 * its headers and the partition moves on.
 */
export class ConsumerRunner {
  private consumer: Consumer;
  private readonly retries: number;
  private stopped = false;
  private restarting = false;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.consumer = this.createConsumer();
    this.retries = options.retries ?? 3;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: false,
      autoCommitInterval: COMMIT_INTERVAL_MS,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({
        batch,
        resolveOffset,
        commitOffsetsIfNecessary,
        heartbeat,
        isRunning,
        isStale,
      }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const { topic, partition } = batch;
        const events: ConsumedEvent[] = [];
        for (const message of batch.messages) {
          const event = await this.decodeOrDeadLetter(topic, partition, message);
          if (event) events.push(event);
        }
        const last = batch.messages[batch.messages.length - 1]!;
        const context: BatchContext = {
          topic,
          partition,
          nextOffset: (BigInt(last.offset) + 1n).toString(),
          highWatermark: batch.highWatermark,
        };
        await this.applyWithRetries(events, context, isRunning);
        resolveOffset(last.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer.disconnect();
  }

  private createConsumer(): Consumer {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      // minBytes 1: a fetch returns the moment anything is appended, so the wait only bounds an idle
      // long poll. 500 ms instead of 50 halved the broker's idle CPU for one group (8.6–11.8% → 5.2–5.7%
      // of a core) at the same send → consumed p50 (3–5 ms); see bench/relay/README.md.
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? IDLE_FETCH_WAIT_MS,
      minBytes: 1,
      ...(this.options.maxBytesPerPartition
        ? { maxBytesPerPartition: this.options.maxBytesPerPartition }
        : {}),
      sessionTimeout: 10_000,
      heartbeatInterval: HEARTBEAT_MS,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.options.onError?.(payload.error);
      // kafkajs restarts a consumer itself only after errors it deems retriable; after any other (e.g. no
      // group coordinator while a restarted broker loads its groups) the consumer would stay down.
      if (!payload.restart && consumer === this.consumer) void this.restartAfterCrash();
    });
    return consumer;
  }

  /** A fresh consumer in place of one kafkajs gave up on; tried again until it runs or `stop`. */
  private async restartAfterCrash(): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    try {
      for (let pause = RESTART_PAUSE_MS; !this.stopped; pause = Math.min(pause * 2, 30_000)) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        if (this.stopped) return;
        await this.consumer.disconnect().catch(() => undefined);
        if (this.stopped) return;
        this.consumer = this.createConsumer();
        try {
          await this.start();
          if (this.stopped) await this.consumer.disconnect();
          else
            this.options.logger.warn({ groupId: this.options.groupId }, 'consumer restarted after a crash');
          return;
        } catch (error) {
          this.options.onError?.(error);
          this.options.logger.warn({ err: error }, 'consumer restart failed; trying again');
        }
      }
    } finally {
      this.restarting = false;
    }
  }

  private async decodeOrDeadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<ConsumedEvent | undefined> {
    try {
      return {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        timestamp: Number(message.timestamp),
        envelope: decodeEnvelope(message.value),
      };
    } catch (error) {
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, error, 'decode');
      return undefined;
    }
  }

  private async applyWithRetries(
    events: ConsumedEvent[],
    context: BatchContext,
    isRunning: () => boolean,
  ): Promise<void> {
    let outcome = await this.attempt(() => this.options.handleBatch(events, context));
    // A dependency is down (PostgreSQL restarting, network): no message is at fault, so none goes to
    // the DLT. Wait for it; a stop or rebalance abandons the batch, which is then redelivered.
    for (let pause = 200; !outcome.ok && isTransientError(outcome.error); pause = Math.min(pause * 2, 2000)) {
      if (!isRunning()) throw outcome.error;
      await new Promise((resolve) => setTimeout(resolve, pause));
      outcome = await this.attempt(() => this.options.handleBatch(events, context));
    }
    if (outcome.ok) return;
    // The batch as a whole keeps failing: find the culprit(s) one message at a time.
    for (const [index, event] of events.entries()) {
      const single: BatchContext = {
        ...context,
        nextOffset: index === events.length - 1 ? context.nextOffset : (BigInt(event.offset) + 1n).toString(),
      };
      const outcome = await this.attempt(() => this.options.handleBatch([event], single));
      if (!outcome.ok) {
        const value = Buffer.from(JSON.stringify(event.envelope));
        await this.deadLetter(
          event.topic,
          event.partition,
          event.offset,
          event.key === null ? null : Buffer.from(event.key),
          value,
          outcome.error,
          'apply',
        );
      }
    }
    // Whatever went to the DLT, the batch is done: the handler records that it got past it.
    const moveOn = await this.attempt(() => this.options.handleBatch([], context));
    if (!moveOn.ok) throw moveOn.error;
  }

  /** Runs `work` up to 1 + retries times with a short backoff. */
  private async attempt(work: () => Promise<void>): Promise<{ ok: true } | { ok: false; error: unknown }> {
    let lastError: unknown;
    for (let tryNo = 0; tryNo <= this.retries; tryNo++) {
      try {
        await work();
        return { ok: true };
      } catch (error) {
        lastError = error;
        this.options.onError?.(error);
        this.options.logger.warn({ err: error, tryNo }, 'applying a batch failed');
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** tryNo, 1000)));
      }
    }
    return { ok: false, error: lastError };
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
    error: unknown,
    stage: DeadLetter['stage'],
  ): Promise<void> {
    // The reason goes into headers and a text column, which hold no NUL characters.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.replaceAll('\u0000', '\uFFFD');
    this.options.logger.error(
      { topic, partition, offset, reason, stage },
      'message sent to the dead-letter topic',
    );
    this.options.onError?.(
      new Error(`${topic}[${partition}]@${offset} sent to ${deadLetterTopic(topic)}: ${reason}`),
    );
    await this.options.producer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: key ?? null,
          value,
          headers: {
            'x-error': reason.slice(0, 1000),
            'x-error-stage': stage,
            'x-original-topic': topic,
            'x-original-partition': String(partition),
            'x-original-offset': offset,
          },
        },
      ],
    });
    await this.options.onDeadLetter?.({
      consumer: this.options.groupId,
      topic,
      partition,
      offset,
      key,
      value,
      error: reason,
      stage,
    });
  }
}
