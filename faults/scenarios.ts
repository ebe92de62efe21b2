import type { SystemControl } from '../tools/start/control-client.ts';

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
  expect?: {
    /** The command API refuses writes with a 503 carrying Retry-After (problem+json), at least once. */
    writes503?: boolean;
    /** Reads keep being served: the longest stretch without a served read stays under this. */
    readsGapUnderMs?: number;
  };
}

const appCrash = (app: 'command-api' | 'outbox-relay' | 'projector', describe: string): Scenario => ({
  name: `${app}-kill`,
  describe,
  inject: (control) => control.kill(app, 'SIGKILL'),
  heal: (control) => control.start(app),
  outageMs: 0,
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
  },
  {
    name: 'kafka-kill',
    describe: 'Kafka SIGKILLed, started again',
    inject: (control) => control.killService('kafka'),
    heal: (control) => control.startService('kafka'),
    outageMs: 5_000,
  },
  {
    name: 'postgres-restart',
    describe: 'PostgreSQL fast shutdown, down 5 s, started again',
    inject: (control) => control.stopService('postgres'),
    heal: (control) => control.startService('postgres'),
    outageMs: 5_000,
    expect: { writes503: true },
  },
  {
    name: 'redis-kill',
    describe: 'Redis SIGKILLed, down 5 s, started again (reads from PostgreSQL meanwhile)',
    inject: (control) => control.killService('redis'),
    heal: (control) => control.startService('redis'),
    outageMs: 5_000,
    expect: { readsGapUnderMs: 3_000 },
  },
];
