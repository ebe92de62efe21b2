import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { AvailabilityResponse } from '@inventory/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendRead } from '../../shared/read-response';
import { LagMonitor } from '../../staleness/lag-monitor';
import { availabilityEtag } from '../availability-summary';
import { GetItemAvailabilityQuery } from './get-item-availability.query';
import { GetItemAvailabilityRequest } from './get-item-availability.request.dto';

@Controller('v1/items')
export class GetItemAvailabilityHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get(':sku/availability')
  async get(
    @Param() params: GetItemAvailabilityRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lagMs = this.lag.lagMs('availability');
    const result = await this.queryBus.execute<GetItemAvailabilityQuery, AvailabilityResponse>(
      new GetItemAvailabilityQuery(params.sku),
    );
    sendRead(request, reply, result, availabilityEtag(result), lagMs);
  }
}
