import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { AdjustStockCommand } from './adjust-stock.command';
import { AdjustStockRequest } from './adjust-stock.request.dto';

@Controller('v1/adjustments')
@UseGuards(AuthGuard)
export class AdjustStockHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async adjust(
    @Write() context: WriteContext,
    @Body() request: AdjustStockRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<AdjustStockCommand, CommandResult>(
      new AdjustStockCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}
