import type { Decider } from '@inventory/domain';

/**
 * given(events).when(command).then(events): a decider test reads like the rule it checks. `init` is
 * what the decider's fresh state is built from (an id, or the catalog of stores and products).
 */
export function deciderSpec<Command, Event, State, Init>(
  decider: Decider<Command, Event, State, Init>,
  init: Init,
) {
  return {
    given(history: Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState(init));
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]): void {
              const before = structuredClone(state);
              expect(run()).toEqual(expected);
              // Deciding is pure: the state it read is left as it was.
              expect(state).toEqual(before);
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
