import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { AvailabilityBatchResponse } from '@inventory/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, sendRead } from '../../shared/read-response';
import { LagMonitor } from '../../staleness/lag-monitor';
import { availabilityTag } from '../availability-summary';
import { GetAvailabilityBatchQuery } from './get-availability-batch.query';
import { GetAvailabilityBatchRequest } from './get-availability-batch.request.dto';

/**
 * A read with a body (1000 SKUs do not fit a URL), so it changes nothing: it takes no Idempotency-Key
 * and, like a GET, answers a matching If-None-Match with 304.
 */
// Fastify reads a single ':' as a parameter; '::' is a literal colon.
@Controller('v1/availability::batch')
export class GetAvailabilityBatchHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Post()
  async get(
    @Body() body: GetAvailabilityBatchRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lagMs = this.lag.lagMs('availability');
    const result = await this.queryBus.execute<GetAvailabilityBatchQuery, AvailabilityBatchResponse>(
      new GetAvailabilityBatchQuery(body.skus, body.storeId),
    );
    const etag = etagOf([...result.items.map(availabilityTag), ...result.missing.map((sku) => `!${sku}`)]);
    sendRead(request, reply, result, etag, lagMs);
  }
}
