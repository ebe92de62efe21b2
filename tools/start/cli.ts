import { parseArgs } from 'node:util';
import { startSystem } from './system.ts';

const USAGE = `usage: npm start [-- options]

  --no-build    skip compiling (use the existing dist/)
  --no-apps     only the stack, migrations and topics
  --quiet       do not echo the apps' JSON logs here (they are always in .stack/logs/)
  --control     open a local control port for fault-injection tests (kill/restart apps,
                stop/start services); its URL is SYSTEM_CONTROL_URL in the SYSTEM_READY line

In dev mode (DEV_MODE=true, the default here) it then writes the seed's demo data through the API:
stores S1-S3 and products A1, A2 stocked in each (once: later starts leave them as they are).
Prints "SYSTEM_READY <json>" on stdout once every app answers /ready; Ctrl-C (SIGINT) or SIGTERM stops
everything this command started.`;

const log = (message: string) => process.stderr.write(`[start] ${message}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      'no-apps': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      control: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = { ...process.env, DEV_MODE: process.env.DEV_MODE ?? 'true' };
  const starting = startSystem({
    build: !values['no-build'],
    apps: !values['no-apps'],
    echoLogs: !values.quiet,
    control: values.control,
    // The dev token writes them, so only a dev-mode system gets the seed's stores S1–S3 and products A1, A2.
    demoData: env.DEV_MODE === 'true',
    env,
    log,
  });
  let stopping = false;
  // A signal during start-up waits for it to finish, then stops what it started: nothing is left behind.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    void starting
      .then(
        (running) => running.stop(),
        () => undefined,
      )
      .then(() => {
        log('stopped');
        process.exit(0);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const system = await starting;
  if (stopping) return;
  for (const app of system.apps) log(`${app.name.padEnd(13)} ${app.url}   (log: ${app.logFile})`);
  log(`the API: ${system.env.GATEWAY_URL}   (Authorization: Bearer devtoken on writes)`);
  console.log(`SYSTEM_READY ${JSON.stringify(system.env)}`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
