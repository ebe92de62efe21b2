import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { TransferHandler } from '../transfer.handler';
import { TransferSaga } from '../transfer-saga';
import { initiateTransferCommand } from './create-transfer.command';
import { presentInitiatedTransfer, presentTransfer } from './create-transfer.presenter';
import { CreateTransferRequest } from './create-transfer.request.dto';

/**
 * The transfer mini-saga. Step 1 (this request's keyed transaction): the units leave the source and
 * are in transit. Step 2 (its own transaction): they arrive at the destination, or go back to the
 * source if the destination refuses them. The request is answered with where the transfer ended.
 */
@Controller('v1/transfers')
@UseGuards(AuthGuard)
export class CreateTransferHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: TransferHandler,
    private readonly saga: TransferSaga,
  ) {}

  @Post()
  async create(
    @Write() context: WriteContext,
    @Body() request: CreateTransferRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = initiateTransferCommand(request);
    const initiated = await this.commands.run(context, this.handler, command, presentInitiatedTransfer);
    // A refusal or a replay is the answer; only a transfer this request started goes on to step 2.
    if (initiated.status !== 202 || initiated.headers['idempotent-replayed']) {
      sendCommandResult(reply, initiated);
      return;
    }
    const finished = await this.saga.finish(command.data.transferId, context);
    sendCommandResult(reply, presentTransfer(finished));
  }
}
