export * from './database';
export * from './database-pipeline';
export * from './data-sources';
export * from './database.provider';
export * from './redis.provider';
export * from './outbox-channel';
export * from './columns';
