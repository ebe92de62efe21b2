import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, RequireRoles, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { CreateReconciliationCommand } from './create-reconciliation.command';
import { CreateReconciliationRequest } from './create-reconciliation.request.dto';

/** Back-office reconciliation against an external count: admins only. */
@Controller('v1/reconciliations')
@UseGuards(AuthGuard)
export class CreateReconciliationHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @RequireRoles('admin')
  async reconcile(
    @Write() context: WriteContext,
    @Body() request: CreateReconciliationRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<CreateReconciliationCommand, CommandResult>(
      new CreateReconciliationCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}
