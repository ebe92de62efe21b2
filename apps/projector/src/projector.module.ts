import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KAFKA, kafkaProvider, pingKafka } from '@inventory/messaging';
import { Database, READ_DATABASE, readDatabaseProvider, Redis, redisProvider } from '@inventory/persistence';
import { AuthGuard, PlatformModule, Readiness } from '@inventory/platform';
import type { Kafka } from 'kafkajs';
import { AvailabilityCache } from './availability/availability.cache';
import { AvailabilityProjection } from './availability/availability.projection';
import { CatalogProjection } from './catalog/catalog.projection';
import { DeadLetterStore } from './dead-letters/dead-letter.store';
import { ListDeadLettersHttpController } from './dead-letters/list-dead-letters/list-dead-letters.http.controller';
import { DeadLetterReplayer } from './dead-letters/replay-dead-letters/dead-letter-replayer';
import { ReplayDeadLettersHttpController } from './dead-letters/replay-dead-letters/replay-dead-letters.http.controller';
import { KafkaOffsets } from './projections/kafka-offsets';
import { projectionsProvider } from './projections/projections';
import { ProjectorRunner } from './projector.runner';
import { ProjectionRebuild } from './rebuild/projection-rebuild';
import { StartRebuildHttpController } from './rebuild/start-rebuild.http.controller';
import { reservationProjectionProvider } from './reservations/reservation.projection';
import { LastErrors } from './status/last-errors';
import { ProjectionMonitor } from './status/projection-monitor';
import { ProjectionStatusHttpController } from './status/projection-status.http.controller';
import { transferProjectionProvider } from './transfers/transfer.projection';
import { verifyCommandDatabaseProvider } from './verify/command-database.provider';
import { ScheduledVerify } from './verify/scheduled-verify';
import { VerifyHttpController } from './verify/verify.http.controller';

@Module({
  imports: [PlatformModule.forApp('projector')],
  controllers: [
    ListDeadLettersHttpController,
    ReplayDeadLettersHttpController,
    VerifyHttpController,
    ProjectionStatusHttpController,
    StartRebuildHttpController,
  ],
  providers: [
    readDatabaseProvider,
    redisProvider,
    kafkaProvider,
    AvailabilityCache,
    AvailabilityProjection,
    CatalogProjection,
    reservationProjectionProvider,
    transferProjectionProvider,
    projectionsProvider,
    DeadLetterStore,
    DeadLetterReplayer,
    LastErrors,
    ProjectorRunner,
    KafkaOffsets,
    ProjectionMonitor,
    ProjectionRebuild,
    // Only ScheduledVerify injects it: the one part of the read side that reads the command database.
    verifyCommandDatabaseProvider,
    ScheduledVerify,
    AuthGuard,
  ],
})
export class ProjectorModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(READ_DATABASE) private readonly database: Database,
    private readonly redis: Redis,
    private readonly readiness: Readiness,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', () => this.database.ping());
    this.readiness.register('redis', async () => void (await this.redis.ping()));
    this.readiness.register('kafka', () => pingKafka(this.kafka));
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.database.close();
  }
}
