import type { CommandTx } from '@inventory/persistence';
import type { PendingEvent } from './pending-event';

/** What a command decided: the state it read, the state after, and its events routed for the outbox. */
export interface Outcome<State> {
  before: State;
  state: State;
  events: PendingEvent[];
}

/** The command side of one slice: runs its command in the caller's transaction. */
export interface CommandHandler<Command, State> {
  execute(tx: CommandTx, command: Command): Promise<Outcome<State>>;
}

/**
 * The persistence of one decider's state. `update` is the whole write path of a command: lock and
 * load, decide, evolve, save, route. Loading and saving stay separate steps so several decisions can
 * share one load and one save.
 *
 * The global lock order, which every `load` keeps so concurrent commands never deadlock: the
 * aggregate's own row first (store, product, reservation, transfer), then its stock items ordered by
 * (store_id, sku), the order of `LOCK_ITEMS`.
 */
export abstract class Repository<Ids, State, Event> {
  /** Locks the rows `ids` name, in the global lock order, and reads them. */
  abstract load(tx: CommandTx, ids: Ids): Promise<State>;

  /** Queues the writes from `before` to `after`; they travel with the events and COMMIT. */
  abstract save(tx: CommandTx, before: State, after: State): void;

  /** The decider's evolve over all the events of a decision, in one pass. */
  abstract fold(state: State, events: Event[]): State;

  /** Where an event goes: topic, partition key, stream. */
  abstract route(event: Event): PendingEvent;

  async update(tx: CommandTx, ids: Ids, decide: (state: State) => Event[]): Promise<Outcome<State>> {
    const before = await this.load(tx, ids);
    const events = decide(before);
    const state = this.fold(before, events);
    this.save(tx, before, state);
    return { before, state, events: events.map((event) => this.route(event)) };
  }
}
