import { Client, type QueryResultRow } from 'pg';

/** Two-int advisory lock key space: (relay namespace, shard). Idempotency claims use the bigint space. */
const RELAY_LOCK = [7340002, 0] as const;

export class LeadershipLost extends Error {
  constructor(detail = 'this relay does not hold the leader lock') {
    super(detail);
  }
}

export interface LeaderSessionOptions {
  url: string;
  channel: string;
  statementTimeoutMs: number;
  onWake: () => void;
  onLost: (error: Error) => void;
}

/**
 * Leadership is a session advisory lock held on one dedicated connection. If the process or its
 * connection dies, PostgreSQL releases the lock and a standby takes it.
 *
 * Every write a leader makes (marking rows, recording failures, purging) goes through this same
 * session: a relay whose session died cannot mark or purge anything, even before it notices that it
 * lost the lock. Only a Kafka send already in flight can still land after a takeover; that yields a
 * duplicate, and since each relay sends a key's rows in order, a consumer that dedups by eventId still
 * sees every key in order.
 *
 * The same session LISTENs for commit wake-ups.
 */
export class LeaderSession {
  private client?: Client;
  private leading = false;

  constructor(private readonly options: LeaderSessionOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries once; true when this process leads (already, or from now on). */
  async tryAcquire(): Promise<boolean> {
    if (this.leading) return true;
    const client = await this.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, $2) AS locked',
      [...RELAY_LOCK],
    );
    if (!rows[0]!.locked) return false;
    await client.query(`LISTEN ${this.options.channel}`);
    this.leading = true;
    return true;
  }

  /** Runs a statement as the leader, on the session that holds the lock. */
  async query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
    const client = this.client;
    if (!client || !this.leading) throw new LeadershipLost();
    try {
      return (await client.query<R>(text, values)).rows;
    } catch (error) {
      // No SQLSTATE means the connection itself failed: the lock may already be gone with it.
      if (!(error as { code?: string }).code) await this.lose(error as Error);
      throw error;
    }
  }

  async release(): Promise<void> {
    this.leading = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async lose(error: Error): Promise<void> {
    const wasLeader = this.leading;
    await this.release();
    if (wasLeader) this.options.onLost(error);
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'outbox-relay-leader',
      keepAlive: true,
      statement_timeout: this.options.statementTimeoutMs,
      // A query on a connection that silently died would otherwise wait forever.
      query_timeout: this.options.statementTimeoutMs + 2000,
    });
    client.on('notification', () => this.options.onWake());
    const onFailure = (error?: Error) => {
      if (this.client === client) void this.lose(error ?? new Error('the leader session ended'));
    };
    client.on('error', onFailure);
    client.on('end', () => onFailure());
    await client.connect();
    try {
      // If the leader's host vanishes without closing the socket, the server drops the session (and
      // with it the lock) after ~10 s instead of the kernel's default two hours.
      await client.query(
        'SET tcp_keepalives_idle = 4; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3',
      );
      // A mark lost in a server crash only means those rows are published again (delivery is
      // at-least-once anyway), so the relay's commits need not wait for the WAL flush: that keeps its
      // frequent small commits from competing with the commands' for the disk.
      await client.query('SET synchronous_commit = off');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }
}
