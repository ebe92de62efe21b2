import type { Provider } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { AppConfig } from '@inventory/platform';

/**
 * The command database (DATABASE_URL), for the read-model check and repair only: nothing else on the
 * read side may see command-side data, and they reach it through this connection of its own, never
 * through the read connection.
 */
export const VERIFY_COMMAND_DATABASE = Symbol('VERIFY_COMMAND_DATABASE');

/** Two connections: the check holds one for its snapshot while the repair may read events. */
export const verifyCommandDatabaseProvider: Provider = {
  provide: VERIFY_COMMAND_DATABASE,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    new Database({
      url: config.database.url,
      poolSize: 2,
      statementTimeoutMs: config.database.statementTimeoutMs,
      applicationName: `${config.app}-verify`,
    }),
};
