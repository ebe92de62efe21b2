import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { AuthGuard, RequireRoles } from '@inventory/platform';
import { retryFailed, type RetryOutcome } from './retry-failed';

/** Re-queues a dead-lettered row: admins only, since it re-sends an event to consumers. */
@Controller('v1/outbox')
@UseGuards(AuthGuard)
export class RetryFailedHttpController {
  constructor(private readonly database: Database) {}

  // Fastify reads a single ':' as a parameter and '::' as a literal colon; the pattern ends the id
  // before it. Anything but an id does not match the route (404).
  @Post(':id(^\\d{1,18})::retry')
  @HttpCode(202)
  @RequireRoles('admin')
  async retry(@Param('id') id: string): Promise<RetryOutcome> {
    return retryFailed(this.database, id);
  }
}
