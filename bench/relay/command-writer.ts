import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * How a committed command wakes the relay:
 * - `none`: it does not; the relay finds the rows on its next poll;
 * - `in-tx`: `pg_notify` inside the command's transaction (serialises commits on the notify queue);
 * - `after-commit`: what the command API does (OutboxNotifier): after commit, on its own connection,
 *   at most one in flight per process, later commits folded into one more;
 * - `throttled`: like after-commit, but at most one notify per THROTTLE_MS per process (the first
 *   commit after a quiet spell still notifies at once; the ones within the window share one trailing
 *   notify). A candidate refinement of OutboxNotifier, measured here.
 */
export type WakeMode = 'none' | 'in-tx' | 'after-commit' | 'throttled';

const THROTTLE_MS = 10;

/**
 * A command's transaction, shaped like the command API's: lock and update the aggregate's state row,
 * append the event, its outbox row and the idempotency record, commit.
 */
const LOCK_AND_UPDATE = `
  UPDATE command.stock_items SET on_hand = on_hand + 1, version = version + 1, updated_at = now()
   WHERE store_id = 'BENCH' AND sku = $1
  RETURNING version`;

const APPEND = `
  WITH appended AS (
    INSERT INTO command.events
      (event_id, stream_type, stream_id, stream_version, event_type, event_version, occurred_at, payload, metadata)
    VALUES ($1, 'stock-item', $2, $3, 'StockAdjusted', 1, now(), $4, '{}')
  ), queued AS (
    INSERT INTO command.outbox (event_id, topic, key, value, headers) VALUES ($1, $5, $2, $6, $7)
  )
  INSERT INTO command.idempotency_keys (principal, key, method, path, request_hash, status, response, expires_at)
  VALUES ('bench', $1, 'POST', '/v1/adjustments', 'h', 202, '{}', now() + interval '1 day')`;

export class CommandWriter {
  private readonly pool: pg.Pool;
  private readonly topic: string;
  private readonly mode: WakeMode;
  private notifying = false;
  private notifyAgain = false;
  private lastNotifyAt = 0;
  private trailing?: NodeJS.Timeout;

  constructor(pool: pg.Pool, topic: string, mode: WakeMode) {
    this.pool = pool;
    this.topic = topic;
    this.mode = mode;
  }

  static async seed(pool: pg.Pool, keys: number): Promise<string[]> {
    const skus = Array.from({ length: keys }, (_, i) => `SKU-${i}`);
    await pool.query(
      `INSERT INTO command.stock_items (store_id, sku, on_hand, version)
       SELECT 'BENCH', sku, 0, 1 FROM unnest($1::text[]) AS sku`,
      [skus],
    );
    return skus;
  }

  /** Runs one command; resolves with its event id and the moment COMMIT returned (ms since epoch). */
  async command(sku: string): Promise<{ eventId: string; committedAt: number }> {
    const client = await this.pool.connect();
    const eventId = randomUUID();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ version: number }>(LOCK_AND_UPDATE, [sku]);
      const version = rows[0]!.version;
      const envelope = envelopeOf(eventId, sku, version);
      await client.query(APPEND, [
        eventId,
        `BENCH:${sku}`,
        version,
        JSON.stringify(envelope.payload),
        this.topic,
        JSON.stringify(envelope),
        JSON.stringify(headersOf(eventId, sku)),
      ]);
      if (this.mode === 'in-tx') await client.query(`SELECT pg_notify('outbox', '')`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const committedAt = Date.now();
    if (this.mode === 'after-commit') this.poke();
    if (this.mode === 'throttled') this.throttledPoke();
    return { eventId, committedAt };
  }

  private throttledPoke(): void {
    if (this.trailing) return;
    const wait = this.lastNotifyAt + THROTTLE_MS - Date.now();
    const fire = () => {
      this.trailing = undefined;
      this.lastNotifyAt = Date.now();
      this.poke();
    };
    if (wait <= 0) fire();
    else this.trailing = setTimeout(fire, wait);
  }

  private poke(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void this.pool
      .query(`SELECT pg_notify('outbox', '')`)
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) {
          this.notifyAgain = false;
          this.poke();
        }
      });
  }
}

/** An event about the size of a real StockAdjusted envelope (~700 bytes). */
function envelopeOf(eventId: string, sku: string, version: number) {
  return {
    eventId,
    eventType: 'StockAdjusted',
    eventVersion: 1,
    occurredAt: new Date().toISOString(),
    aggregate: { type: 'stock-item', id: `BENCH:${sku}`, version },
    payload: {
      storeId: 'BENCH',
      sku,
      delta: 1,
      reason: 'restock',
      onHand: version,
      reserved: 0,
      available: version,
      version,
    },
    metadata: {
      traceId: randomUUID().replaceAll('-', ''),
      correlationId: randomUUID().replaceAll('-', ''),
      idempotencyKey: randomUUID(),
      actor: 'bench',
    },
  };
}

function headersOf(eventId: string, sku: string): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: eventId,
    ce_type: 'StockAdjusted',
    ce_source: '/inventory/command-api',
    ce_time: new Date().toISOString(),
    ce_subject: `BENCH:${sku}`,
    traceparent: `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`,
  };
}
