/**
 * A pure aggregate (one per folder): its state folded from events, and the events a command leads to.
 * `decide` refuses by throwing a DomainError; it never reads a clock, a database or randomness — time
 * and ids come in with the command. `Init` is what a fresh state is built from (an id, or the catalog
 * of stores and products a stock decision reads).
 */
export interface Decider<Command, Event, State, Init> {
  initialState(init: Init): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

/** An event of a decision that spans aggregates, tagged with the stream it belongs to. */
export interface Tagged<Stream extends string, Event> {
  stream: Stream;
  event: Event;
}

export function tag<Stream extends string, Event>(stream: Stream): (event: Event) => Tagged<Stream, Event> {
  return (event) => ({ stream, event });
}
