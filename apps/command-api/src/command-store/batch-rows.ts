import {
  initialStockItemState,
  itemKey,
  type ItemKey,
  type ProductState,
  type Stock,
  type StockItemState,
  type StoreState,
} from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import {
  fewestUnits,
  itemState,
  LOCK_STOCK,
  lockStockParams,
  STORE_TOTALS,
  storeTotals,
  writeStock,
  type StockRows,
  type StoreTotal,
} from '../stock/stock-rows';

export type RootName = 'store' | 'product' | 'reservation' | 'transfer';

/**
 * The global lock order of rows: root rows first, kind by kind in this order and by id within a
 * kind, then stock items by (store_id, sku). A single command locks one root then its items, so it
 * keeps the same order as a batch that locks many.
 */
const ROOT_ORDER: RootName[] = ['store', 'product', 'reservation', 'transfer'];

/** The rows of one aggregate's roots, as a batch locks and writes them (its repository owns the SQL). */
export interface RootKind<Root extends { version: number }> {
  readonly name: RootName;
  /** The state of a root with no row (version 0). */
  initial(id: string): Root;
  idOf(root: Root): string;
  /** Queues a lock of the rows of `ids` that exist, in id order, and reads them by id. */
  lock(tx: CommandTx, ids: string[]): Promise<Map<string, Root>>;
  /** Queues the multi-row writes: roots the batch created, and roots it changed. */
  write(tx: CommandTx, inserted: Root[], updated: Root[]): void;
}

/** What a command reads, so that a batch can lock it all for every command at once. */
export interface RowNeeds {
  roots?: Array<{ kind: RootKind<{ version: number }>; id: string }>;
  items?: ItemKey[];
  /** SKUs whose every item is needed (a purchase chooses among them). */
  everyStoreOf?: string[];
  /** Every active store's units (placing a new product's first stock). */
  storeTotals?: boolean;
  /** Items read off the roots once they are locked (a reservation's lines). */
  itemsOfRoots?: (rows: BatchRows) => ItemKey[];
}

/**
 * A command needed a row its batch did not lock: the batch is abandoned and its commands run one by
 * one. A planning gap, never a domain answer.
 */
export class NotInBatch extends Error {
  constructor(what: string) {
    super(`${what} was not locked by the batch`);
  }
}

interface Held<Row> {
  loaded: Row;
  current: Row;
}

interface RootTable {
  kind: RootKind<{ version: number }>;
  rows: Map<string, Held<{ version: number }>>;
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

function changed<Row extends { version: number }>(held: Iterable<Held<Row>>) {
  const inserted: Row[] = [];
  const updated: Row[] = [];
  for (const { loaded, current } of held) {
    if (current.version === loaded.version) continue;
    (loaded.version === 0 ? inserted : updated).push(current);
  }
  return { inserted, updated };
}

/**
 * The rows a batch of commands holds: locked once for all of them (in the global lock order), then
 * read and changed in memory by each decision in turn — so two commands on one item see each other,
 * as if they ran one after the other — and written back once, with multi-row statements.
 */
export class BatchRows {
  private readonly roots = new Map<RootName, RootTable>();
  private readonly items = new Map<string, Held<StockItemState>>();
  /** SKUs whose every item row is held. */
  private readonly wholeSkus = new Set<string>();
  private readonly thresholds = new Map<string, number>();
  private readonly activeStores = new Map<string, number>();
  private readonly askedSkus = new Set<string>();
  private readonly askedStores = new Set<string>();
  private readonly cursors = new Map<string, Held<string | undefined>>();
  private totals: StoreTotal[] | undefined;

  /**
   * Locks what every command needs. Root locks (and the unlocked store totals) are queued to travel
   * with whatever the caller queued before (the key claims); items follow once the roots are known.
   */
  static async lock(tx: CommandTx, needs: RowNeeds[]): Promise<BatchRows> {
    const rows = new BatchRows();
    const queued: Array<Promise<unknown>> = [];
    const byKind = new Map<RootName, { kind: RootKind<{ version: number }>; ids: string[] }>();
    for (const { kind, id } of needs.flatMap((need) => need.roots ?? [])) {
      const entry = byKind.get(kind.name) ?? { kind, ids: [] };
      entry.ids.push(id);
      byKind.set(kind.name, entry);
    }
    for (const name of ROOT_ORDER) {
      const entry = byKind.get(name);
      if (entry) queued.push(rows.lockRoots(tx, entry.kind, sortedUnique(entry.ids)));
    }
    if (needs.some((need) => need.storeTotals))
      queued.push(
        tx.later<{ store_id: string; latency_ms: number; on_hand: number }>(STORE_TOTALS).then((result) => {
          rows.totals = storeTotals(result.rows);
        }),
      );
    const dynamic = needs.filter((need) => need.itemsOfRoots);
    if (dynamic.length > 0) {
      await settle(tx, queued);
      queued.length = 0;
    }
    const keys = new Map<string, ItemKey>();
    for (const need of needs) {
      for (const key of [...(need.items ?? []), ...(need.itemsOfRoots?.(rows) ?? [])])
        keys.set(itemKey(key.storeId, key.sku), key);
    }
    const everyStoreOf = sortedUnique(needs.flatMap((need) => need.everyStoreOf ?? []));
    if (keys.size + everyStoreOf.length > 0)
      queued.push(rows.lockItems(tx, [...keys.values()], everyStoreOf));
    await settle(tx, queued);
    return rows;
  }

  /** A root as the batch holds it now. */
  root<Root extends { version: number }>(kind: RootKind<Root>, id: string): Root {
    const held = this.roots.get(kind.name)?.rows.get(id);
    if (!held) throw new NotInBatch(`${kind.name} ${id}`);
    return held.current as Root;
  }

  /** Records a root's new state; a root the batch did not lock must be new (an id just minted). */
  keepRoot<Root extends { version: number }>(kind: RootKind<Root>, root: Root): void {
    const id = kind.idOf(root);
    const table = this.roots.get(kind.name) ?? { kind, rows: new Map() };
    this.roots.set(kind.name, table);
    const held = table.rows.get(id) ?? { loaded: kind.initial(id), current: root };
    held.current = root;
    table.rows.set(id, held);
  }

  /** The state a stock decision on `keys` works on, as LOCK_STOCK would read it now. */
  stock(keys: ItemKey[]): Stock {
    const items = new Map<string, StockItemState>();
    for (const { storeId, sku } of keys) {
      const item = this.item(storeId, sku);
      if (item.version > 0) items.set(itemKey(storeId, sku), item);
    }
    return this.withCatalog(
      items,
      keys.map((key) => key.sku),
      keys.map((key) => key.storeId),
      [],
    );
  }

  /** Every item of `sku` with its catalog and round-robin cursor, as a purchase reads them. */
  everyStoreOf(sku: string): Stock {
    if (!this.wholeSkus.has(sku)) throw new NotInBatch(`every item of ${sku}`);
    const items = new Map<string, StockItemState>();
    for (const [key, { current }] of this.items)
      if (current.sku === sku && current.version > 0) items.set(key, current);
    const stores = [...items.values()].map((item) => item.storeId);
    return this.withCatalog(items, [sku], stores, [sku]);
  }

  /** The active store holding the fewest units now, counting the batch's changes so far. */
  fewestUnitsStore(): string | null {
    if (!this.totals) throw new NotInBatch('store totals');
    const totals = new Map(this.totals.map((total) => [total.storeId, { ...total }]));
    for (const [storeId, { loaded, current }] of this.roots.get('store')?.rows ?? []) {
      const store = current as StoreState;
      if (loaded.version === 0 && store.active)
        totals.set(storeId, { storeId, latencyMs: store.latencyMs, onHand: 0 });
    }
    for (const { loaded, current } of this.items.values()) {
      const total = totals.get(current.storeId);
      if (total) total.onHand += current.onHand - loaded.onHand;
    }
    return fewestUnits(totals.values());
  }

  /** Records the items a decision changed, and a moved round-robin cursor. */
  keepStock(before: Stock, after: Stock): void {
    for (const [key, item] of after.items) {
      if (item.version === before.items.get(key)?.version) continue;
      const held = this.items.get(key);
      if (!held) throw new NotInBatch(`item ${item.storeId}/${item.sku}`);
      held.current = item;
    }
    for (const [sku, storeId] of after.lastRoundRobin) {
      if (before.lastRoundRobin.get(sku) === storeId) continue;
      const held = this.cursors.get(sku);
      if (!held) throw new NotInBatch(`the round-robin cursor of ${sku}`);
      held.current = storeId;
    }
  }

  /** Queues every write of the batch: roots kind by kind, then items and cursors, each sorted by id. */
  write(tx: CommandTx): void {
    for (const name of ROOT_ORDER) {
      const table = this.roots.get(name);
      if (!table) continue;
      const ids = sortedUnique(table.rows.keys());
      const { inserted, updated } = changed(ids.map((id) => table.rows.get(id)!));
      if (inserted.length + updated.length > 0) table.kind.write(tx, inserted, updated);
    }
    const keys = [...this.items.keys()].sort();
    const { inserted, updated } = changed(keys.map((key) => this.items.get(key)!));
    const cursors = [...this.cursors]
      .filter(([, { loaded, current }]) => current !== loaded)
      .map(([sku, { current }]): [string, string] => [sku, current!])
      .sort(([a], [b]) => (a < b ? -1 : 1));
    writeStock(tx, updated, inserted, cursors);
  }

  private item(storeId: string, sku: string): StockItemState {
    const held = this.items.get(itemKey(storeId, sku));
    if (held) return held.current;
    // Every row of a whole SKU is held: one that is missing does not exist.
    if (!this.wholeSkus.has(sku)) throw new NotInBatch(`item ${storeId}/${sku}`);
    const item = initialStockItemState(storeId, sku);
    this.items.set(itemKey(storeId, sku), { loaded: item, current: item });
    return item;
  }

  /** Thresholds and active stores as they are now: the batch's own products and stores first. */
  private withCatalog(
    items: Map<string, StockItemState>,
    skus: string[],
    storeIds: string[],
    cursorSkus: string[],
  ): Stock {
    const thresholds = new Map<string, number>();
    for (const sku of skus) {
      const threshold = this.threshold(sku);
      if (threshold !== undefined) thresholds.set(sku, threshold);
    }
    const stores = new Map<string, number>();
    for (const storeId of storeIds) {
      const latency = this.latency(storeId);
      if (latency !== undefined) stores.set(storeId, latency);
    }
    const lastRoundRobin = new Map<string, string>();
    for (const sku of cursorSkus) {
      const cursor = this.cursors.get(sku)?.current;
      if (cursor !== undefined) lastRoundRobin.set(sku, cursor);
    }
    return { items, thresholds, stores, lastRoundRobin };
  }

  private threshold(sku: string): number | undefined {
    const held = this.roots.get('product')?.rows.get(sku);
    if (held) return held.current.version > 0 ? (held.current as ProductState).lowStockThreshold : undefined;
    if (!this.askedSkus.has(sku)) throw new NotInBatch(`product ${sku}`);
    return this.thresholds.get(sku);
  }

  private latency(storeId: string): number | undefined {
    const held = this.roots.get('store')?.rows.get(storeId);
    if (held) {
      const store = held.current as StoreState;
      return store.version > 0 && store.active ? store.latencyMs : undefined;
    }
    const total = this.totals?.find((t) => t.storeId === storeId);
    if (total) return total.latencyMs;
    if (!this.askedStores.has(storeId)) throw new NotInBatch(`store ${storeId}`);
    return this.activeStores.get(storeId);
  }

  private async lockRoots(tx: CommandTx, kind: RootKind<{ version: number }>, ids: string[]) {
    const found = await kind.lock(tx, ids);
    const table: RootTable = { kind, rows: new Map() };
    for (const id of ids) {
      const root = found.get(id) ?? kind.initial(id);
      table.rows.set(id, { loaded: root, current: root });
    }
    this.roots.set(kind.name, table);
  }

  private async lockItems(tx: CommandTx, keys: ItemKey[], everyStoreOf: string[]) {
    const result = await tx.later<StockRows>(LOCK_STOCK, lockStockParams(keys, everyStoreOf));
    const { items, thresholds, stores, cursors } = result.rows[0]!;
    for (const row of items) {
      const item = itemState(row);
      this.items.set(itemKey(item.storeId, item.sku), { loaded: item, current: item });
      this.askedStores.add(item.storeId);
    }
    for (const { storeId, sku } of keys) {
      this.askedStores.add(storeId);
      this.askedSkus.add(sku);
      if (!this.items.has(itemKey(storeId, sku))) {
        const absent = initialStockItemState(storeId, sku);
        this.items.set(itemKey(storeId, sku), { loaded: absent, current: absent });
      }
    }
    for (const sku of everyStoreOf) {
      this.wholeSkus.add(sku);
      this.askedSkus.add(sku);
      this.cursors.set(sku, { loaded: cursors[sku], current: cursors[sku] });
    }
    for (const [sku, threshold] of Object.entries(thresholds)) this.thresholds.set(sku, threshold);
    for (const [storeId, latency] of Object.entries(stores)) this.activeStores.set(storeId, latency);
  }
}

/** Locks one root now, for a command run on its own. */
export async function lockOne<Root extends { version: number }>(
  tx: CommandTx,
  kind: RootKind<Root>,
  id: string,
): Promise<Root> {
  const found = kind.lock(tx, [id]);
  await settle(tx, [found]);
  return (await found).get(id) ?? kind.initial(id);
}

/**
 * Sends what is queued and waits for every queued read. A failed round trip rejects them all and
 * throws from flush: the reads' own rejections must not also count as unhandled.
 */
async function settle(tx: CommandTx, queued: Array<Promise<unknown>>): Promise<void> {
  for (const read of queued) read.catch(() => undefined);
  await tx.flush();
  await Promise.all(queued);
}
