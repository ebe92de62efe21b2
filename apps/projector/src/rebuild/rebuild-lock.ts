import type { Database } from '@inventory/persistence';
import type { PoolClient } from 'pg';

/** Two-int advisory lock key space: (rebuild namespace, 0). The relay leads with (7340002, shard). */
const REBUILD_LOCK = [7340003, 0] as const;

/**
 * One rebuild at a time across every projector instance: a session advisory lock held on a pooled
 * connection for the rebuild's whole run. A process that dies takes its lock with it.
 */
export class RebuildLock {
  private constructor(private readonly client: PoolClient) {}

  /** The lock, or undefined when another session holds it. */
  static async tryAcquire(database: Database): Promise<RebuildLock | undefined> {
    const client = await database.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [...REBUILD_LOCK],
      );
      if (rows[0]!.locked) return new RebuildLock(client);
      client.release();
      return undefined;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  async release(): Promise<void> {
    try {
      await this.client.query('SELECT pg_advisory_unlock($1, $2)', [...REBUILD_LOCK]);
      this.client.release();
    } catch {
      // Closing the connection releases the lock as well.
      this.client.release(true);
    }
  }
}
