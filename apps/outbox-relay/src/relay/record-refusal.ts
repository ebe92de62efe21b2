import { deadLetterTopic } from '@inventory/contracts';
import {
  classifyPublishError,
  publishErrorCode,
  publishErrorMessage,
  type OutgoingMessage,
  type ProducerSession,
} from '@inventory/messaging';
import type { OutboxSettings } from '@inventory/platform';
import type { Logger } from 'pino';
import type { LeaderSession } from './leader-session';
import type { OutboxRow } from './outbox-row';
import type { RelayMetrics } from './relay-metrics';

/**
 * One more failed attempt: the row (and, through the parked-row check, every later row of its key)
 * waits `retryBackoffMs × 2^attempts` before it is tried again; other keys keep flowing meanwhile.
 */
const COUNT_ATTEMPT = `
  UPDATE command.outbox
     SET attempts = attempts + 1,
         last_error = $2,
         next_attempt_at = now() + make_interval(secs => least($3::float8 * power(2, attempts), $4::float8) / 1000)
   WHERE id = $1 AND published_at IS NULL AND failed_at IS NULL
  RETURNING attempts`;

const MARK_FAILED = `
  UPDATE command.outbox SET failed_at = now(), next_attempt_at = NULL
   WHERE id = $1 AND published_at IS NULL AND failed_at IS NULL`;

/**
 * What happens to a row Kafka refused: it is retried a few times (spaced out), then copied to
 * `<topic>.dlt` with the error in its headers and marked failed, where `GET /v1/outbox/failed` lists it
 * and `POST /v1/outbox/{id}:retry` re-queues it. Later rows of its key stay held until then (see
 * NEXT_BATCH): a consumer never sees a key's events with a hole in the middle.
 */
export class RecordRefusal {
  constructor(
    private readonly session: LeaderSession,
    private readonly producer: ProducerSession,
    private readonly settings: OutboxSettings,
    private readonly metrics: RelayMetrics,
    private readonly logger: Logger,
  ) {}

  async record(row: OutboxRow, error: unknown): Promise<void> {
    const reason = `${publishErrorCode(error)}: ${publishErrorMessage(error)}`.slice(0, 2000);
    const [counted] = await this.session.query<{ attempts: number }>(COUNT_ATTEMPT, [
      row.id,
      reason,
      this.settings.retryBackoffMs,
      this.settings.maxBackoffMs,
    ]);
    if (!counted) return;
    this.logger.warn(
      { outboxId: row.id, topic: row.topic, key: row.key, attempts: counted.attempts, reason },
      'Kafka refused an outbox row',
    );
    if (counted.attempts < this.settings.maxAttempts) return;
    if (!(await this.deadLetter(row, error, reason, counted.attempts))) return;
    await this.session.query(MARK_FAILED, [row.id]);
    this.metrics.failed.inc({ topic: row.topic });
    this.logger.error(
      { outboxId: row.id, topic: row.topic, key: row.key, deadLetterTopic: deadLetterTopic(row.topic) },
      'outbox row dead-lettered and marked failed; later rows of its key are held until it is retried',
    );
  }

  /**
   * Copies the row to the DLT. If the DLT refuses the value too (it was too large for the source topic,
   * it likely is for the DLT), the record goes without it: the row keeps the value in the outbox.
   * False when Kafka could not take it: the row stays parked and gets another attempt later.
   */
  private async deadLetter(
    row: OutboxRow,
    error: unknown,
    reason: string,
    attempts: number,
  ): Promise<boolean> {
    const message: OutgoingMessage = {
      topic: deadLetterTopic(row.topic),
      key: row.key,
      value: row.value,
      headers: {
        ...row.headers,
        'x-error': reason.slice(0, 1000),
        'x-error-code': publishErrorCode(error),
        'x-error-stage': 'publish',
        'x-original-topic': row.topic,
        'x-outbox-id': row.id,
        'x-event-id': row.event_id,
        'x-attempts': String(attempts),
      },
    };
    try {
      await this.producer.send([message]);
      return true;
    } catch (first) {
      if (classifyPublishError(first) === 'message') {
        try {
          await this.producer.send([
            {
              ...message,
              value: null,
              headers: {
                ...message.headers,
                'x-value-omitted': `refused too; kept in command.outbox ${row.id}`,
              },
            },
          ]);
          return true;
        } catch (second) {
          this.logger.warn({ err: second, outboxId: row.id }, 'dead-lettering failed; will try again');
          return false;
        }
      }
      this.logger.warn({ err: first, outboxId: row.id }, 'dead-lettering failed; will try again');
      return false;
    }
  }
}
