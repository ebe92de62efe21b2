import { tag, type Tagged } from '../shared/decider';
import type { StockItemEvent } from './stock-item.events';
import { foldStock, initialStock, type Catalog, type Stock } from './stock-item.state';

/**
 * The state of a command that spans one aggregate (its root: a reservation, a transfer, a product)
 * and the stock items it moves. Every cross-aggregate decider uses this one shape.
 */
export interface WithStock<Root> {
  root: Root;
  stock: Stock;
}

export type StockStreamEvent = Tagged<'stock-item', StockItemEvent>;

/** The events of a decision over `WithStock`: the root's, and the items', each tagged with its stream. */
export type WithStockEvent<Stream extends string, RootEvent> = Tagged<Stream, RootEvent> | StockStreamEvent;

export const onStock = tag<'stock-item', StockItemEvent>('stock-item');

export function initialWithStock<Root>(root: Root, catalog: Catalog): WithStock<Root> {
  return { root, stock: initialStock(catalog) };
}

/**
 * Folds each tagged event into its own stream: the root's events into the root, the items' into the
 * stock. The streams are independent, so the order between them does not matter.
 */
export function foldWithStock<Stream extends string, Root, RootEvent>(
  evolveRoot: (root: Root, event: RootEvent) => Root,
) {
  return <State extends WithStock<Root>>(
    state: State,
    tagged: Array<WithStockEvent<Stream, RootEvent>>,
  ): State => {
    const stockEvents = tagged.filter(isStockEvent).map((t) => t.event);
    const rootEvents = tagged
      .filter((t): t is Tagged<Stream, RootEvent> => !isStockEvent(t))
      .map((t) => t.event);
    return {
      ...state,
      root: rootEvents.reduce(evolveRoot, state.root),
      stock: foldStock(state.stock, stockEvents),
    };
  };
}

/** `foldWithStock` one event at a time: a decider's `evolve`. */
export function evolveWithStock<Stream extends string, Root, RootEvent>(
  evolveRoot: (root: Root, event: RootEvent) => Root,
) {
  const fold = foldWithStock<Stream, Root, RootEvent>(evolveRoot);
  return <State extends WithStock<Root>>(state: State, tagged: WithStockEvent<Stream, RootEvent>): State =>
    fold(state, [tagged]);
}

export function isStockEvent<Stream extends string, RootEvent>(
  tagged: WithStockEvent<Stream, RootEvent>,
): tagged is StockStreamEvent {
  return tagged.stream === 'stock-item';
}
