import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { AvailabilityChangesResponse } from '@inventory/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, sendRead } from '../../shared/read-response';
import { sinceOf } from '../../shared/since-param';
import { LagMonitor } from '../../staleness/lag-monitor';
import { decodeChangesCursor } from './changes-cursor';
import { ListAvailabilityChangesQuery } from './list-availability-changes.query';
import {
  DEFAULT_CHANGES_LIMIT,
  ListAvailabilityChangesRequest,
} from './list-availability-changes.request.dto';

@Controller('v1/availability/changes')
export class ListAvailabilityChangesHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get()
  async list(
    @Query() query: ListAvailabilityChangesRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lagMs = this.lag.lagMs('availability');
    const result = await this.queryBus.execute<ListAvailabilityChangesQuery, AvailabilityChangesResponse>(
      new ListAvailabilityChangesQuery(
        sinceOf(query.since),
        decodeChangesCursor(query.cursor),
        query.limit ?? DEFAULT_CHANGES_LIMIT,
        query.storeId,
      ),
    );
    const etag = etagOf([
      ...result.items.map((item) => `${item.sku}@${item.storeId}:${item.version}`),
      `next=${result.nextCursor ?? ''}`,
    ]);
    sendRead(request, reply, result, etag, lagMs);
  }
}
