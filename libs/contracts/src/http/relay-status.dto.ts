export type RelayRole = 'starting' | 'leader' | 'standby' | 'stopped';

/** `GET /v1/outbox/status` on the relay. */
export interface RelayStatus {
  role: RelayRole;
  /** Rows waiting to be published (including rows held behind a failed row of their key). */
  backlog: number;
  oldestUnpublishedAgeMs: number;
  /** Published by this relay per second, over the last ten seconds (0 on a standby). */
  publishedPerSecond: number;
  /** Rows dead-lettered and marked failed: `GET /v1/outbox/failed`. */
  failed: number;
  /** Rows of the backlog that wait only because an earlier row of their key failed. */
  heldBehindFailed: number;
  lastError: { message: string; at: string } | null;
}
