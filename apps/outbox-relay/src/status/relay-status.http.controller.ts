import { Controller, Get } from '@nestjs/common';
import type { RelayStatus } from '@inventory/contracts';
import { Database } from '@inventory/persistence';
import { countHeldRows, readOutboxStats } from '../relay/outbox-stats';
import { OutboxRelay } from '../relay/outbox-relay';

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
