import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  decideCompensateTransfer,
  decideCompleteTransfer,
  DomainError,
  evolveTransfer,
  type TransferState,
} from '@inventory/domain';
import type { WriteContext } from '@inventory/platform';
import type { PoolClient } from 'pg';
import { CommandStore } from '../command-store/command-store';
import { stockEvent, transferEvent } from '../command-store/event-routing';
import type { CommandResult, PendingEvent } from '../command-store/pending-event';
import { bySku, lockItems, saveItems } from '../stock/stock-item.repository';
import { loadTransferForUpdate, saveTransfer, transferView } from './transfer.repository';

interface StepResult {
  next: TransferState;
  events: PendingEvent[];
}

/**
 * Step 2 of the transfer saga, each its own transaction after step 1 committed: move the units into
 * the destination, or — when that step is refused — put them back into the source (compensation).
 * Both steps start from the locked transfer row, so a step runs once even if the request path and the
 * recovery sweep race.
 */
@Injectable()
export class TransferSaga {
  constructor(private readonly commands: CommandStore) {}

  async finish(transferId: string, request?: WriteContext): Promise<CommandResult> {
    const cause = request ?? { actor: 'transfer-recovery', traceId: randomBytes(16).toString('hex') };
    try {
      return await this.step(transferId, cause, (tx, state) => this.complete(tx, state), request);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.step(transferId, cause, (tx, state) => this.compensate(tx, state, error.message), request);
    }
  }

  private step(
    transferId: string,
    cause: WriteContext | { actor: string; traceId: string },
    run: (tx: PoolClient, state: TransferState) => Promise<StepResult>,
    request?: WriteContext,
  ): Promise<CommandResult> {
    return this.commands.executeInternal(cause, async (tx) => {
      const state = await loadTransferForUpdate(tx, transferId);
      const { next, events } =
        state.status === 'IN_TRANSIT' ? await run(tx, state) : { next: state, events: [] };
      // The outcome stored under the request's key keeps the Location of the first answer, so a replay
      // repeats it.
      const headers = { etag: `"${next.version}"`, location: `/v1/transfers/${transferId}` };
      const result = { status: 202, body: transferView(next), headers };
      if (request) await this.commands.rememberFinalOutcome(tx, request, result);
      return { ...result, events };
    });
  }

  private async complete(tx: PoolClient, state: TransferState): Promise<StepResult> {
    const locked = await lockItems(
      tx,
      state.lines.map((line) => ({ storeId: state.toStore, sku: line.sku })),
    );
    const destination = { items: bySku(locked.items, state.toStore), thresholds: locked.thresholds };
    const decision = decideCompleteTransfer(state, destination);
    await saveItems(tx, locked.items, destination.items.values());
    const next = decision.transfer.reduce(evolveTransfer, state);
    await saveTransfer(tx, next, false);
    return { next, events: [...decision.transfer.map(transferEvent), ...decision.stock.map(stockEvent)] };
  }

  private async compensate(tx: PoolClient, state: TransferState, reason: string): Promise<StepResult> {
    const locked = await lockItems(
      tx,
      state.lines.map((line) => ({ storeId: state.fromStore, sku: line.sku })),
    );
    const source = { items: bySku(locked.items, state.fromStore), thresholds: locked.thresholds };
    const decision = decideCompensateTransfer(state, reason, source);
    await saveItems(tx, locked.items, source.items.values());
    const next = decision.transfer.reduce(evolveTransfer, state);
    await saveTransfer(tx, next, false);
    return { next, events: [...decision.transfer.map(transferEvent), ...decision.stock.map(stockEvent)] };
  }
}
