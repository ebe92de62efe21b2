import type { SystemControl } from '../libs/testing/src/kit/system-control.ts';

/**
 * The faults, each injected while the load runs and then healed. `outage` is how long the broken part
 * stays broken before it is brought back (apps are restarted at once, as a supervisor would).
 */
export interface Scenario {
  name: string;
  describe: string;
  inject(control: SystemControl): Promise<unknown>;
  heal(control: SystemControl): Promise<unknown>;
  outageMs: number;
  /** What users must see while it is broken, beyond "no 500, no hang, nothing lost or doubled". */
  expect: {
    /** The command API refuses writes with a 503 carrying Retry-After (problem+json), at least once. */
    writes503?: boolean;
    /** Writes keep being accepted: the longest stretch without a served write stays under SERVED_GAP_MS. */
    writesServed: boolean;
    /** Reads keep being served, likewise. */
    readsServed: boolean;
  };
}

/**
 * "Kept being served": no stretch this long without a successful answer. Generous on purpose: the
 * machine is shared, and a GC pause or a busy core is not an outage.
 */
export const SERVED_GAP_MS = 5_000;

const appCrash = (app: 'command-api' | 'outbox-relay' | 'projector', describe: string): Scenario => ({
  name: `${app}-kill`,
  describe,
  inject: (control) => control.kill(app, 'SIGKILL'),
  heal: (control) => control.start(app),
  outageMs: 0,
  // Only the command API's own crash stops writes (until it is back); the read side never depends on it.
  expect: { writesServed: app !== 'command-api', readsServed: true },
});

export const SCENARIOS: Scenario[] = [
  appCrash('command-api', 'command-api SIGKILLed, restarted'),
  appCrash('outbox-relay', 'outbox-relay (the leader) SIGKILLed, restarted'),
  appCrash('projector', 'projector SIGKILLed, restarted'),
  {
    name: 'kafka-stop',
    describe: 'Kafka stopped for 20 s, started again',
    inject: (control) => control.stopService('kafka'),
    heal: (control) => control.startService('kafka'),
    outageMs: 20_000,
    // The outbox holds the events: writes go on; reads go on, only staler.
    expect: { writesServed: true, readsServed: true },
  },
  {
    name: 'kafka-kill',
    describe: 'Kafka SIGKILLed, started again',
    inject: (control) => control.killService('kafka'),
    heal: (control) => control.startService('kafka'),
    outageMs: 5_000,
    expect: { writesServed: true, readsServed: true },
  },
  {
    name: 'postgres-restart',
    describe: 'PostgreSQL fast shutdown, down 5 s, started again',
    inject: (control) => control.stopService('postgres'),
    heal: (control) => control.startService('postgres'),
    outageMs: 5_000,
    // Reads come from Redis meanwhile.
    expect: { writes503: true, writesServed: false, readsServed: true },
  },
  {
    name: 'redis-kill',
    describe: 'Redis SIGKILLed, down 5 s, started again (reads from PostgreSQL meanwhile)',
    inject: (control) => control.killService('redis'),
    heal: (control) => control.startService('redis'),
    outageMs: 5_000,
    expect: { writesServed: true, readsServed: true },
  },
];
