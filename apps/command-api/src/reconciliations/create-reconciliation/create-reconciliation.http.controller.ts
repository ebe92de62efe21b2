import { randomUUID } from 'node:crypto';
import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, RequireRoles, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { reconcileStockCommand } from './create-reconciliation.command';
import { StockItemHandler } from '../../stock/stock-item.handler';
import { presentReconciliation } from './create-reconciliation.presenter';
import { CreateReconciliationRequest } from './create-reconciliation.request.dto';

/** Back-office reconciliation against an external count: admins only. */
@Controller('v1/reconciliations')
@UseGuards(AuthGuard)
export class CreateReconciliationHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: StockItemHandler,
  ) {}

  @Post()
  @RequireRoles('admin')
  async reconcile(
    @Write() context: WriteContext,
    @Body() request: CreateReconciliationRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = reconcileStockCommand(request, randomUUID());
    sendCommandResult(
      reply,
      await this.commands.run(context, this.handler, command, presentReconciliation(command)),
    );
  }
}
