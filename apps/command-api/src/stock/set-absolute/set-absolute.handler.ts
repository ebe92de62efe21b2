import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideCountStock } from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import type { CommandResult } from '../../command-store/pending-event';
import { changeOneItem } from '../change-one-item';
import { SetAbsoluteCommand } from './set-absolute.command';

@CommandHandler(SetAbsoluteCommand)
export class SetAbsoluteHandler implements ICommandHandler<SetAbsoluteCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: SetAbsoluteCommand): Promise<CommandResult> {
    const { storeId, sku, onHand } = request;
    const countRef = request.countRef ?? 'manual';
    return this.commands.execute(context, (tx) =>
      changeOneItem(tx, { storeId, sku }, (state, threshold) =>
        decideCountStock(
          {
            type: 'CountStock',
            data: { storeId, sku, onHand, countRef, threshold, expectedVersion: context.expectedVersion },
          },
          state,
        ),
      ),
    );
  }
}
