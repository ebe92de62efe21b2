import { isStockEvent, type ItemKey, type WithStock, type WithStockEvent } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { lockOne, type BatchRows, type RootKind, type RowNeeds } from '../command-store/batch-rows';
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
   * transaction holds counts as absent (the sweeper leaves it to that transaction; it writes one by
   * one, never in a batch).
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
  /** The root's rows: how they are locked and written, one or many. */
  protected abstract readonly kind: RootKind<Root>;
  /** The same rows locked without waiting: one another transaction holds reads as absent. */
  protected readonly unlessLocked?: RootKind<Root>;
  protected abstract routeRoot(event: RootEvent): PendingEvent;

  async load(tx: CommandTx, { id, items, lock = 'wait' }: WithStockIds<Root>): Promise<WithStock<Root>> {
    const kind = lock === 'skip-locked' ? (this.unlessLocked ?? this.kind) : this.kind;
    const root = lock === 'new' ? kind.initial(id) : await lockOne(tx, kind, id);
    return { root, stock: await lockStock(tx, items(root)) };
  }

  save(tx: CommandTx, before: WithStock<Root>, after: WithStock<Root>): void {
    if (after.root.version !== before.root.version)
      this.kind.write(
        tx,
        before.root.version === 0 ? [after.root] : [],
        before.root.version === 0 ? [] : [after.root],
      );
    saveStock(tx, before.stock, after.stock);
  }

  /** A batch waits for every root it locks (skipping is the sweeper's, which writes one by one). */
  needs({ id, items, lock }: WithStockIds<Root>): RowNeeds {
    if (lock === 'new') return { items: items(this.kind.initial(id)) };
    return { roots: [{ kind: this.kind, id }], itemsOfRoots: (rows) => items(rows.root(this.kind, id)) };
  }

  view(rows: BatchRows, { id, items, lock }: WithStockIds<Root>): WithStock<Root> {
    const root = lock === 'new' ? this.kind.initial(id) : rows.root(this.kind, id);
    return { root, stock: rows.stock(items(root)) };
  }

  keep(rows: BatchRows, before: WithStock<Root>, after: WithStock<Root>): void {
    if (after.root.version !== before.root.version) rows.keepRoot(this.kind, after.root);
    rows.keepStock(before.stock, after.stock);
  }

  route(tagged: WithStockEvent<Stream, RootEvent>): PendingEvent {
    return routeWithStock(tagged, (event) => this.routeRoot(event));
  }
}
