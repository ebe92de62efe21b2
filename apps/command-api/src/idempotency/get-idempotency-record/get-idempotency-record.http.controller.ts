import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuthGuard, CurrentPrincipal, parseIdempotencyKey, type Principal } from '@inventory/platform';
import type { IdempotencyRecordView } from './get-idempotency-record.handler';
import { GetIdempotencyRecordQuery } from './get-idempotency-record.query';

/** The stored outcome of a write, for the principal that made it. */
@Controller('v1/idempotency')
@UseGuards(AuthGuard)
export class GetIdempotencyRecordHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':key')
  get(@CurrentPrincipal() principal: Principal, @Param('key') key: string): Promise<IdempotencyRecordView> {
    return this.queryBus.execute(new GetIdempotencyRecordQuery(principal.id, parseIdempotencyKey(key)));
  }
}
