import { Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Database, databaseProvider } from '@inventory/persistence';
import { AuthGuard, PlatformModule, Readiness } from '@inventory/platform';
import { CommandStore } from './command-store/command-store';
import { OutboxNotifier } from './command-store/outbox-notifier';
import { GetIdempotencyRecordHandler } from './idempotency/get-idempotency-record/get-idempotency-record.handler';
import { GetIdempotencyRecordHttpController } from './idempotency/get-idempotency-record/get-idempotency-record.http.controller';
import { AdjustStockHandler } from './stock/adjust-stock/adjust-stock.handler';
import { AdjustStockHttpController } from './stock/adjust-stock/adjust-stock.http.controller';
import { RegisterStoreHandler } from './stores/register-store/register-store.handler';
import { RegisterStoreHttpController } from './stores/register-store/register-store.http.controller';

@Module({
  imports: [PlatformModule.forApp('command-api'), CqrsModule.forRoot()],
  controllers: [RegisterStoreHttpController, AdjustStockHttpController, GetIdempotencyRecordHttpController],
  providers: [
    databaseProvider,
    {
      provide: OutboxNotifier,
      inject: [Database],
      useFactory: (database: Database) => new OutboxNotifier(database),
    },
    AuthGuard,
    CommandStore,
    RegisterStoreHandler,
    AdjustStockHandler,
    GetIdempotencyRecordHandler,
  ],
})
export class CommandApiModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly database: Database,
    private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', () => this.database.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
