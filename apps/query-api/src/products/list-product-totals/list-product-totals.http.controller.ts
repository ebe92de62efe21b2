import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, sendRead } from '../../shared/read-response';
import { LagMonitor } from '../../staleness/lag-monitor';
import type { ProductTotalsPage } from './list-product-totals.handler';
import { ListProductTotalsQuery } from './list-product-totals.query';
import { DEFAULT_TOTALS_SIZE, ListProductTotalsRequest } from './list-product-totals.request.dto';

@Controller('v1/products/totals')
export class ListProductTotalsHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get()
  async list(
    @Query() query: ListProductTotalsRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The totals are sums of availability rows: they are as fresh as that projection.
    const lagMs = this.lag.lagMs('availability');
    const result = await this.queryBus.execute<ListProductTotalsQuery, ProductTotalsPage>(
      new ListProductTotalsQuery(query.q ?? '', query.page ?? 0, query.size ?? DEFAULT_TOTALS_SIZE),
    );
    // No version column: the ETag is a digest of exactly what is returned.
    sendRead(request, reply, result, etagOf([JSON.stringify(result)]), lagMs);
  }
}
