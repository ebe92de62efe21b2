import { Controller, Get } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { BACKLOG } from '../relay/outbox.sql';
import { OutboxRelay, type RelayRole } from '../relay/outbox-relay';

export interface RelayStatus {
  role: RelayRole;
  backlog: number;
  oldestUnpublishedAgeMs: number;
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
    const [row] = await this.database.query<{ backlog: number; oldest_age_ms: number }>(BACKLOG);
    return {
      role: this.relay.role,
      backlog: row!.backlog,
      oldestUnpublishedAgeMs: Math.round(row!.oldest_age_ms),
      lastError: this.relay.lastError ?? null,
    };
  }
}
