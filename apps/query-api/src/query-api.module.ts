import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { kafkaProvider } from '@inventory/messaging';
import { Database, READ_DATABASE, readDatabaseProvider, Redis, redisProvider } from '@inventory/persistence';
import { PlatformModule, Readiness } from '@inventory/platform';
import { AvailabilityReader } from './availability/availability.reader';
import { GetAvailabilityHandler } from './availability/get-availability/get-availability.handler';
import { GetAvailabilityHttpController } from './availability/get-availability/get-availability.http.controller';
import { GetAvailabilityBatchHandler } from './availability/get-availability-batch/get-availability-batch.handler';
import { GetAvailabilityBatchHttpController } from './availability/get-availability-batch/get-availability-batch.http.controller';
import { GetItemAvailabilityHandler } from './availability/get-item-availability/get-item-availability.handler';
import { GetItemAvailabilityHttpController } from './availability/get-item-availability/get-item-availability.http.controller';
import { ChangeHorizon } from './availability/list-availability-changes/change-horizon';
import { ListAvailabilityChangesHandler } from './availability/list-availability-changes/list-availability-changes.handler';
import { ListAvailabilityChangesHttpController } from './availability/list-availability-changes/list-availability-changes.http.controller';
import { ListEventsHandler } from './events/list-events/list-events.handler';
import { ListEventsHttpController } from './events/list-events/list-events.http.controller';
import { ListProductTotalsHandler } from './products/list-product-totals/list-product-totals.handler';
import { ListProductTotalsHttpController } from './products/list-product-totals/list-product-totals.http.controller';
import { GetReservationHandler } from './reservations/get-reservation/get-reservation.handler';
import { GetReservationHttpController } from './reservations/get-reservation/get-reservation.http.controller';
import { LagMonitor } from './staleness/lag-monitor';
import { ListStoresHandler } from './stores/list-stores/list-stores.handler';
import { ListStoresHttpController } from './stores/list-stores/list-stores.http.controller';
import { GetTransferHandler } from './transfers/get-transfer/get-transfer.handler';
import { GetTransferHttpController } from './transfers/get-transfer/get-transfer.http.controller';

@Module({
  imports: [PlatformModule.forApp('query-api'), CqrsModule.forRoot()],
  controllers: [
    ListAvailabilityChangesHttpController,
    GetAvailabilityHttpController,
    GetItemAvailabilityHttpController,
    GetAvailabilityBatchHttpController,
    ListProductTotalsHttpController,
    ListEventsHttpController,
    ListStoresHttpController,
    GetReservationHttpController,
    GetTransferHttpController,
  ],
  providers: [
    readDatabaseProvider,
    redisProvider,
    kafkaProvider,
    LagMonitor,
    ChangeHorizon,
    AvailabilityReader,
    GetAvailabilityHandler,
    GetItemAvailabilityHandler,
    GetAvailabilityBatchHandler,
    ListAvailabilityChangesHandler,
    ListProductTotalsHandler,
    ListEventsHandler,
    ListStoresHandler,
    GetReservationHandler,
    GetTransferHandler,
  ],
})
export class QueryApiModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(READ_DATABASE) private readonly database: Database,
    private readonly redis: Redis,
    private readonly readiness: Readiness,
  ) {}

  /** Ready when at least one read store answers: either can serve alone. */
  onModuleInit(): void {
    this.readiness.register('read-store', async () => {
      const outcomes = await Promise.allSettled([this.database.ping(), this.redis.ping()]);
      if (outcomes.every((outcome) => outcome.status === 'rejected'))
        throw new Error('PostgreSQL and Redis are down');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.database.close();
  }
}
