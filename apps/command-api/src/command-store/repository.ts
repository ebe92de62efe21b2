import type { CommandTx } from '@inventory/persistence';
import type { BatchRows, RowNeeds } from './batch-rows';
import type { PendingEvent } from './pending-event';

/** What a command decided: the state it read, the state after, and its events routed for the outbox. */
export interface Outcome<State> {
  before: State;
  state: State;
  events: PendingEvent[];
}

/** A decision taken against a batch's rows; `keep` records its new state there for the next command. */
export interface BatchDecision<State> {
  outcome: Outcome<State>;
  keep(): void;
}

/** A command as part of a batch: the rows it needs locked, and its decision once they are. */
export interface BatchStep<State> {
  needs: RowNeeds;
  decide(rows: BatchRows): BatchDecision<State>;
}

/** The command side of one slice: runs its command in the caller's transaction, or in a batch. */
export interface CommandHandler<Command, State> {
  execute(tx: CommandTx, command: Command): Promise<Outcome<State>>;
  batched(command: Command): BatchStep<State>;
}

/**
 * The persistence of one decider's state. `update` is the whole write path of a command: lock and
 * load, decide, evolve, save, route. Loading and saving stay separate steps so several decisions can
 * share one load and one save: `batched` is the same decision against rows a batch locked for many
 * commands (`needs`, then `view`), its new state kept there (`keep`) and written once for the batch.
 *
 * The global lock order, which every `load` and every batch keeps so concurrent commands never
 * deadlock: root rows first (store, product, reservation, transfer; by id within a kind), then stock
 * items ordered by (store_id, sku), the order of `LOCK_STOCK` (see batch-rows.ts).
 */
export abstract class Repository<Ids, State, Event> {
  /** Locks the rows `ids` name, in the global lock order, and reads them. */
  abstract load(tx: CommandTx, ids: Ids): Promise<State>;

  /** Queues the writes from `before` to `after`; they travel with the events and COMMIT. */
  abstract save(tx: CommandTx, before: State, after: State): void;

  /** The rows `load` would lock, for a batch to lock them with every other command's. */
  abstract needs(ids: Ids): RowNeeds;

  /** `load` from the rows a batch holds, as they are after the batch's earlier decisions. */
  abstract view(rows: BatchRows, ids: Ids): State;

  /** `save` into the batch's rows, for its later decisions and its one write. */
  abstract keep(rows: BatchRows, before: State, after: State): void;

  /** The decider's evolve over all the events of a decision, in one pass. */
  abstract fold(state: State, events: Event[]): State;

  /** Where an event goes: topic, partition key, stream. */
  abstract route(event: Event): PendingEvent;

  async update(tx: CommandTx, ids: Ids, decide: (state: State) => Event[]): Promise<Outcome<State>> {
    const outcome = this.decision(await this.load(tx, ids), decide);
    this.save(tx, outcome.before, outcome.state);
    return outcome;
  }

  batched(ids: Ids, decide: (state: State) => Event[]): BatchStep<State> {
    return {
      needs: this.needs(ids),
      decide: (rows) => {
        const outcome = this.decision(this.view(rows, ids), decide);
        return { outcome, keep: () => this.keep(rows, outcome.before, outcome.state) };
      },
    };
  }

  private decision(before: State, decide: (state: State) => Event[]): Outcome<State> {
    const events = decide(before);
    const state = this.fold(before, events);
    return { before, state, events: events.map((event) => this.route(event)) };
  }
}

/** A handler for one decider: the rows each command names, and its decision, run alone or batched. */
export class DeciderHandler<Command, Ids, State, Event> implements CommandHandler<Command, State> {
  constructor(
    private readonly repository: Repository<Ids, State, Event>,
    private readonly ids: (command: Command) => Ids,
    private readonly decide: (command: Command, state: State) => Event[],
  ) {}

  execute(tx: CommandTx, command: Command): Promise<Outcome<State>> {
    return this.repository.update(tx, this.ids(command), (state) => this.decide(command, state));
  }

  batched(command: Command): BatchStep<State> {
    return this.repository.batched(this.ids(command), (state) => this.decide(command, state));
  }
}
