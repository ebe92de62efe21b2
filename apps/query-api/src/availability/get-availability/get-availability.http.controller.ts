import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { AvailabilityResponse } from '@inventory/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendRead } from '../../shared/read-response';
import { availabilityEtag } from '../availability-summary';
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
    sendRead(request, reply, result, availabilityEtag(result), lagMs);
  }
}
