import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, sendRead } from '../../shared/read-response';
import { sinceOf } from '../../shared/since-param';
import { LagMonitor } from '../../staleness/lag-monitor';
import { decodeEventsCursor } from './events-cursor';
import type { TimelinePage } from './list-events.handler';
import { ListEventsQuery } from './list-events.query';
import { DEFAULT_EVENTS_LIMIT, ListEventsRequest } from './list-events.request.dto';

@Controller('v1/events')
export class ListEventsHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get()
  async list(
    @Query() query: ListEventsRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The timeline is written by the availability projection, in the same transaction.
    const lagMs = this.lag.lagMs('availability');
    const result = await this.queryBus.execute<ListEventsQuery, TimelinePage>(
      new ListEventsQuery(
        sinceOf(query.since),
        query.limit ?? DEFAULT_EVENTS_LIMIT,
        query.storeId,
        query.sku,
        decodeEventsCursor(query.cursor),
      ),
    );
    // Events never change: their ids and where the page ends identify the answer.
    const etag = etagOf([...result.items.map((event) => event.eventId), `next=${result.nextCursor ?? ''}`]);
    sendRead(request, reply, result, etag, lagMs);
  }
}
