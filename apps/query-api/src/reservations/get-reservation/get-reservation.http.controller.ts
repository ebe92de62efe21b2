import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendRead } from '../../shared/read-response';
import { issuedIdParam } from '../../shared/issued-id-param';
import { LagMonitor } from '../../staleness/lag-monitor';
import type { ReservationView } from './get-reservation.handler';
import { GetReservationQuery } from './get-reservation.query';

@Controller('v1/reservations')
export class GetReservationHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly lag: LagMonitor,
  ) {}

  @Get(':reservationId')
  async get(
    @Param('reservationId') reservationId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lagMs = this.lag.lagMs('reservations');
    const view = await this.queryBus.execute<GetReservationQuery, ReservationView>(
      new GetReservationQuery(issuedIdParam(reservationId, 'reservationId')),
    );
    sendRead(request, reply, view, `"${view.version}"`, lagMs);
  }
}
