import { Controller, Get, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, sendRead } from '../../shared/read-response';
import { LagMonitor } from '../../staleness/lag-monitor';
import type { StoreList } from './list-stores.handler';
import { ListStoresQuery } from './list-stores.query';

@Controller('v1/stores')
export class ListStoresHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const lagMs = this.lag.lagMs('catalog');
    const result = await this.queryBus.execute<ListStoresQuery, StoreList>(new ListStoresQuery());
    const etag = etagOf(result.items.map((store) => `${store.storeId}:${store.version}`));
    sendRead(request, reply, result, etag, lagMs);
  }
}
