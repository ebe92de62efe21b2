import { Injectable } from '@nestjs/common';
import { decideStore, type StoreCommand, type StoreEvent, type StoreState } from '@inventory/domain';
import { DeciderHandler } from '../command-store/repository';
import { StoreRepository } from './store.repository';

@Injectable()
export class StoreHandler extends DeciderHandler<StoreCommand, string, StoreState, StoreEvent> {
  constructor(stores: StoreRepository) {
    super(stores, (command) => command.data.storeId, decideStore);
  }
}
