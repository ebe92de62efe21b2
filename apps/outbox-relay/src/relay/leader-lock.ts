import { Client } from 'pg';

/** Two-int advisory lock key space: (relay namespace, shard). Idempotency claims use the bigint space. */
const RELAY_LOCK = [7340002, 0] as const;

/**
 * Leadership is a session advisory lock held on a dedicated connection: exactly one relay publishes;
 * if its process or connection dies, PostgreSQL releases the lock and a standby takes it.
 * The same connection LISTENs for commit wake-ups.
 */
export class LeaderLock {
  private client?: Client;
  private leader = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onWake: () => void,
    private readonly onLost: (error: Error) => void,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /** Tries once; true when this process now leads. */
  async tryAcquire(): Promise<boolean> {
    if (this.leader) return true;
    const client = await this.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, $2) AS locked',
      [...RELAY_LOCK],
    );
    this.leader = rows[0]!.locked;
    if (this.leader) await client.query(`LISTEN ${this.channel}`);
    return this.leader;
  }

  async release(): Promise<void> {
    this.leader = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.url, application_name: 'outbox-relay-leader' });
    client.on('notification', () => this.onWake());
    client.on('error', (error) => {
      const wasLeader = this.leader;
      void this.release();
      if (wasLeader) this.onLost(error);
    });
    await client.connect();
    this.client = client;
    return client;
  }
}
