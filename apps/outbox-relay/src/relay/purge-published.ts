import type { LeaderSession } from './leader-session';

/**
 * Deletes published rows past their retention, oldest first, a bounded chunk at a time (an index range
 * on published_at), so a purge never holds up publishing for long. The event store keeps every event;
 * published outbox rows are only kept for troubleshooting.
 */
const PURGE_CHUNK = `
  WITH gone AS (
    DELETE FROM command.outbox
     WHERE id IN (SELECT id FROM command.outbox
                   WHERE published_at < now() - make_interval(secs => $1)
                   ORDER BY published_at
                   LIMIT $2)
    RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;

const CHUNK_ROWS = 5000;

export class PurgePublished {
  private dueAt = 0;

  constructor(
    private readonly session: LeaderSession,
    private readonly retentionSeconds: number,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Deletes one chunk when a purge is due. The relay calls it between batches; while chunks come back
   * full the purge stays due, so a large purge proceeds chunk by chunk interleaved with publishing.
   */
  async runIfDue(): Promise<number> {
    if (this.now() < this.dueAt) return 0;
    const deleted = await this.deleteChunk();
    if (deleted < CHUNK_ROWS) this.dueAt = this.now() + this.intervalMs;
    return deleted;
  }

  private async deleteChunk(): Promise<number> {
    const rows = await this.session.query<{ n: number }>(PURGE_CHUNK, [this.retentionSeconds, CHUNK_ROWS]);
    return rows[0]!.n;
  }
}
