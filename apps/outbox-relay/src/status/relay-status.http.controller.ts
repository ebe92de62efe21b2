import { Controller, Get } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { countHeldRows, readOutboxStats } from '../relay/outbox-stats';
import { OutboxRelay, type RelayRole } from '../relay/outbox-relay';

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

@Controller('v1/outbox')
export class RelayStatusHttpController {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly database: Database,
  ) {}

  @Get('status')
  async status(): Promise<RelayStatus> {
    const stats = await readOutboxStats(this.database);
    return {
      role: this.relay.role,
      backlog: stats.backlog,
      oldestUnpublishedAgeMs: stats.oldestUnpublishedAgeMs,
      publishedPerSecond: this.relay.rate.perSecond(),
      failed: stats.failed,
      heldBehindFailed: stats.failed > 0 ? await countHeldRows(this.database) : 0,
      lastError: this.relay.lastError ?? null,
    };
  }
}
