import { isStockEvent, type ItemKey, type WithStock, type WithStockEvent } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { stockEvent } from '../command-store/event-routing';
import type { PendingEvent } from '../command-store/pending-event';
import { Repository } from '../command-store/repository';
import { lockStock, saveStock } from './stock-item.repository';

export interface WithStockIds<Root> {
  id: string;
  /** The items the command moves, read off the root once it is locked. */
  items: (root: Root) => ItemKey[];
  /**
   * `new`: an id the command just minted, so there is no row to lock. `skip-locked`: a root row another
   * transaction holds counts as absent (the sweeper leaves it to that transaction).
   */
  lock?: 'wait' | 'skip-locked' | 'new';
}

/** Routes each tagged event by its stream. */
export function routeWithStock<Stream extends string, RootEvent>(
  tagged: WithStockEvent<Stream, RootEvent>,
  routeRoot: (event: RootEvent) => PendingEvent,
): PendingEvent {
  return isStockEvent(tagged) ? stockEvent(tagged.event) : routeRoot(tagged.event);
}

/**
 * A root aggregate (reservation, transfer) and the stock items of its lines: the root's row is locked
 * first, then its items, in the global lock order.
 */
export abstract class WithStockRepository<
  Stream extends string,
  Root extends { version: number },
  RootEvent,
> extends Repository<WithStockIds<Root>, WithStock<Root>, WithStockEvent<Stream, RootEvent>> {
  protected abstract initialRoot(id: string): Root;
  /** The root's row, locked; `undefined` when there is none (or it is held, with `skipLocked`). */
  protected abstract lockRoot(tx: CommandTx, id: string, skipLocked: boolean): Promise<Root | undefined>;
  protected abstract saveRoot(tx: CommandTx, root: Root, isNew: boolean): void;
  protected abstract routeRoot(event: RootEvent): PendingEvent;

  async load(tx: CommandTx, { id, items, lock = 'wait' }: WithStockIds<Root>): Promise<WithStock<Root>> {
    const found = lock === 'new' ? undefined : await this.lockRoot(tx, id, lock === 'skip-locked');
    const root = found ?? this.initialRoot(id);
    return { root, stock: await lockStock(tx, items(root)) };
  }

  save(tx: CommandTx, before: WithStock<Root>, after: WithStock<Root>): void {
    if (after.root.version !== before.root.version) this.saveRoot(tx, after.root, before.root.version === 0);
    saveStock(tx, before.stock, after.stock);
  }

  route(tagged: WithStockEvent<Stream, RootEvent>): PendingEvent {
    return routeWithStock(tagged, (event) => this.routeRoot(event));
  }
}
