import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendRead } from '../../shared/read-response';
import { issuedIdParam } from '../../shared/issued-id-param';
import { LagMonitor } from '../../staleness/lag-monitor';
import type { TransferView } from './get-transfer.handler';
import { GetTransferQuery } from './get-transfer.query';

@Controller('v1/transfers')
export class GetTransferHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get(':transferId')
  async get(
    @Param('transferId') transferId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lagMs = this.lag.lagMs('transfers');
    const view = await this.queryBus.execute<GetTransferQuery, TransferView>(
      new GetTransferQuery(issuedIdParam(transferId, 'transferId')),
    );
    sendRead(request, reply, view, `"${view.version}"`, lagMs);
  }
}
