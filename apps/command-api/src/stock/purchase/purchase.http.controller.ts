import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { PurchaseCommand } from './purchase.command';
import { PurchaseRequest } from './purchase.request.dto';

/** Sells from a store the policy picks; answers with the chosen store and its new numbers. */
@Controller('v1/purchase')
@UseGuards(AuthGuard)
export class PurchaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async purchase(
    @Write() context: WriteContext,
    @Body() request: PurchaseRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<PurchaseCommand, CommandResult>(
      new PurchaseCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}
