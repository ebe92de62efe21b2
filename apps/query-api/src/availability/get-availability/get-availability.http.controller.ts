import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { AvailabilityResponse } from '@inventory/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, sendRead } from '../../shared/read-response';
import { LagMonitor } from '../../staleness/lag-monitor';
import { GetAvailabilityQuery } from './get-availability.query';
import { GetAvailabilityRequest } from './get-availability.request.dto';

@Controller('v1/availability')
export class GetAvailabilityHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get()
  async get(
    @Query() query: GetAvailabilityRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lagMs = this.lag.lagMs('availability');
    const result = await this.queryBus.execute<GetAvailabilityQuery, AvailabilityResponse>(
      new GetAvailabilityQuery(query.sku, query.storeId),
    );
    const etag = etagOf([result.sku, ...result.perStore.map((row) => `${row.storeId}:${row.version}`)]);
    sendRead(request, reply, result, etag, lagMs);
  }
}
