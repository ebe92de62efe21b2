import path from 'node:path';
import type { RelayStack } from './kit/relay-testbed';

/** The stack the test run started, as `npm test` hands it to Jest. */
export function stackEnvFromProcess(): RelayStack {
  return {
    databaseUrl: process.env.DATABASE_URL!,
    kafkaBrokers: process.env.KAFKA_BROKERS!,
    processEnv: process.env,
    repoRoot: path.resolve(__dirname, '../../..'),
  };
}
