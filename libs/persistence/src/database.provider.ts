import type { Provider } from '@nestjs/common';
import { AppConfig } from '@inventory/platform';
import { Database } from './database';

/** The command-schema pool of an app, sized and named from its config. */
export const databaseProvider: Provider = {
  provide: Database,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    new Database({
      url: config.database.url,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
      applicationName: config.app,
    }),
};

export const READ_DATABASE = Symbol('READ_DATABASE');

/** The read-schema pool: the same server by default, another one when READ_DATABASE_URL says so. */
export const readDatabaseProvider: Provider = {
  provide: READ_DATABASE,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    new Database({
      url: config.database.readUrl,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
      applicationName: `${config.app}-read`,
    }),
};
