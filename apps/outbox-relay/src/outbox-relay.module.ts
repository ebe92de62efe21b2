import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KAFKA, kafkaProvider, pingKafka } from '@inventory/messaging';
import { Database, databaseProvider } from '@inventory/persistence';
import { PlatformModule, Readiness } from '@inventory/platform';
import type { Kafka } from 'kafkajs';
import { OutboxRelay } from './relay/outbox-relay';
import { RelayStatusHttpController } from './status/relay-status.http.controller';

@Module({
  imports: [PlatformModule.forApp('outbox-relay')],
  controllers: [RelayStatusHttpController],
  providers: [databaseProvider, kafkaProvider, OutboxRelay],
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

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
