/**
 * given(events).when(command).then(events): a decider test reads like the rule it checks.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(error: new (...args: never[]) => Error, code?: string): void {
              let thrown: unknown;
              try {
                run();
              } catch (caught) {
                thrown = caught;
              }
              expect(thrown).toBeInstanceOf(error);
              if (code) expect(thrown).toHaveProperty('code', code);
            },
          };
        },
      };
    },
  };
}
