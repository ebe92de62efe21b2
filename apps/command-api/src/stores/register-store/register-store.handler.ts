import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideRegisterStore, evolveStore } from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import { storeEvent } from '../../command-store/event-routing';
import type { CommandResult } from '../../command-store/pending-event';
import { insertStore, loadStoreForUpdate } from '../store.repository';
import { RegisterStoreCommand } from './register-store.command';

@CommandHandler(RegisterStoreCommand)
export class RegisterStoreHandler implements ICommandHandler<RegisterStoreCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: RegisterStoreCommand): Promise<CommandResult> {
    const data = { storeId: request.storeId, name: request.name, latencyMs: request.latencyMs ?? 0 };
    return this.commands.execute(context, async (tx) => {
      const state = await loadStoreForUpdate(tx, data.storeId);
      const events = decideRegisterStore({ type: 'RegisterStore', data }, state);
      const next = events.reduce(evolveStore, state);
      await insertStore(tx, next);
      return {
        status: 202,
        body: { storeId: next.storeId, name: next.name, latencyMs: next.latencyMs, version: next.version },
        headers: { etag: `"${next.version}"` },
        events: events.map(storeEvent),
      };
    });
  }
}
