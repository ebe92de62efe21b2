import { Injectable } from '@nestjs/common';
import { decideStore, type StoreCommand, type StoreState } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import type { CommandHandler } from '../command-store/repository';
import { StoreRepository } from './store.repository';

@Injectable()
export class StoreHandler implements CommandHandler<StoreCommand, StoreState> {
  constructor(private readonly stores: StoreRepository) {}

  execute(tx: CommandTx, command: StoreCommand) {
    return this.stores.update(tx, command.data.storeId, (state) => decideStore(command, state));
  }
}
