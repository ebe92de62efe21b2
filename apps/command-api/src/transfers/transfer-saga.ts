import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, type TransferCommand, type TransferWithStock } from '@inventory/domain';
import type { WriteContext } from '@inventory/platform';
import { CommandStore } from '../command-store/command-store';
import { rememberFinalAnswer } from '../command-store/idempotency-claim';
import type { Outcome } from '../command-store/repository';
import { presentTransfer } from './create-transfer/create-transfer.presenter';
import { TransferHandler } from './transfer.handler';

/**
 * Step 2 of the transfer saga, each its own transaction after step 1 committed: move the units into
 * the destination, or — when that step is refused — put them back into the source (compensation).
 * Both steps start from the locked transfer row, so a step runs once even if the request path and the
 * recovery sweep race.
 */
@Injectable()
export class TransferSaga {
  constructor(
    private readonly commands: CommandStore,
    private readonly transfers: TransferHandler,
  ) {}

  async finish(transferId: string, request?: WriteContext): Promise<Outcome<TransferWithStock>> {
    const cause = request ?? { actor: 'transfer-recovery', traceId: randomBytes(16).toString('hex') };
    try {
      return await this.step(cause, { type: 'CompleteTransfer', data: { transferId } }, request);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const compensate = { type: 'CompensateTransfer' as const, data: { transferId, reason: error.message } };
      return this.step(cause, compensate, request);
    }
  }

  private step(
    cause: WriteContext | { actor: string; traceId: string },
    command: TransferCommand,
    request?: WriteContext,
  ): Promise<Outcome<TransferWithStock>> {
    return this.commands.executeInternal(cause, async (tx) => {
      const outcome = await this.transfers.execute(tx, command);
      // The answer stored under the request's key becomes where the transfer ended, so a replay says so.
      if (request) rememberFinalAnswer(tx, request, presentTransfer(outcome));
      return outcome;
    });
  }
}
