import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type QueryConfig, type QueryResultRow } from 'pg';

export type Sql = Pick<PoolClient, 'query'>;

/**
 * A statement that each pooled connection parses and plans once, then only binds and executes. On the
 * command path planning cost more than running: a named statement cut PostgreSQL's CPU per command and
 * raised commands/s by a third (bench/README.md). Only for fixed SQL text: every distinct text stays
 * prepared on every connection for the connection's life.
 */
export function prepared(text: string): QueryConfig {
  return { name: `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
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
      connectionTimeoutMillis: 2000,
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

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
