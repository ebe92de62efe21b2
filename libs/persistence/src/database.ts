import { Client, Pool, type ClientConfig, type PoolClient, type QueryResultRow } from 'pg';
import { PipelinedTransaction } from './database-pipeline';

export type Sql = Pick<PoolClient, 'query'>;

/** Connecting to a server that does not answer fails within this: the caller gets a 503 quickly. */
const CONNECT_TIMEOUT_MS = 2000;
/**
 * Waiting for a free pooled connection is not a failure: a burst on one SKU (200 purchases at once in
 * the contention test, 64 clients in the benchmark's hot-SKU run) queues for its turn rather than
 * failing after the connect timeout, as it did when one timeout covered both.
 */
const CHECKOUT_TIMEOUT_MS = 15_000;

class TimedClient extends Client {
  constructor(config: ClientConfig = {}) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // PostgreSQL going away (a restart, a failover: 57P01, a dropped socket) emits 'error' on every
    // client, and the pool listens only on idle ones. A client a request holds between two statements
    // would crash the process; instead its next statement fails (the request answers 503) and the pool
    // discards it on release, since it is no longer queryable.
    this.on('error', () => undefined);
  }
}

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName: string;
}

/**
 * A thin wrapper over a pg pool. Hot paths speak SQL directly (set-based, few round trips);
 * TypeORM owns the schema through migrations.
 */
export class Database {
  readonly pool: Pool;

  constructor(options: DatabaseOptions) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      application_name: options.applicationName,
      statement_timeout: options.statementTimeoutMs,
      Client: TimedClient,
      connectionTimeoutMillis: CHECKOUT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    });
    // A dropped idle connection must not crash the process; the next checkout reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
    const result = await this.pool.query<R>(text, values);
    return result.rows;
  }

  async transaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * A transaction whose statements travel several per round trip (see PipelinedTransaction): BEGIN goes
   * with the first query, queued writes with the next query or with COMMIT.
   */
  async pipelined<T>(work: (tx: PipelinedTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PipelinedTransaction(client);
    let broken = false;
    try {
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      tx.abandon();
      if (tx.sent)
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
      throw error;
    } finally {
      client.release(broken || tx.poisoned);
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
