import type { Provider } from '@nestjs/common';
import { createKafka } from './kafka-client';
import { AppConfig, LOGGER } from '@inventory/platform';
import type { Logger } from 'pino';

export const KAFKA = Symbol('KAFKA');

export const kafkaProvider: Provider = {
  provide: KAFKA,
  inject: [AppConfig, LOGGER],
  useFactory: (config: AppConfig, logger: Logger) => createKafka(config.kafka, logger),
};
