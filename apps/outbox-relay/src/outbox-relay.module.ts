import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KAFKA, kafkaProvider, pingKafka } from '@inventory/messaging';
import { Database, databaseProvider } from '@inventory/persistence';
import { AuthGuard, PlatformModule, Readiness } from '@inventory/platform';
import type { Kafka } from 'kafkajs';
import { ListFailedHttpController } from './failed/list-failed/list-failed.http.controller';
import { RetryFailedHttpController } from './failed/retry-failed/retry-failed.http.controller';
import { OutboxRelay } from './relay/outbox-relay';
import { RelayMetrics } from './relay/relay-metrics';
import { RelayStatusHttpController } from './status/relay-status.http.controller';

@Module({
  imports: [PlatformModule.forApp('outbox-relay')],
  controllers: [RelayStatusHttpController, ListFailedHttpController, RetryFailedHttpController],
  providers: [databaseProvider, kafkaProvider, RelayMetrics, OutboxRelay, AuthGuard],
})
export class OutboxRelayModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly database: Database,
    private readonly readiness: Readiness,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', () => this.database.ping());
    this.readiness.register('kafka', () => pingKafka(this.kafka));
  }

  /** After the relay stopped (beforeApplicationShutdown): status and listings use this pool until then. */
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
