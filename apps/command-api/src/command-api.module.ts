import { Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Database, databaseProvider } from '@inventory/persistence';
import { AuthGuard, PlatformModule, Readiness } from '@inventory/platform';
import { BacklogGuard } from './command-store/backlog-guard';
import { CommandStore } from './command-store/command-store';
import { OutboxNotifier } from './command-store/outbox-notifier';
import { GetIdempotencyRecordHandler } from './idempotency/get-idempotency-record/get-idempotency-record.handler';
import { GetIdempotencyRecordHttpController } from './idempotency/get-idempotency-record/get-idempotency-record.http.controller';
import { IdempotencyPurger } from './idempotency/purge-expired-keys/idempotency-purger';
import { CreateProductHandler } from './products/create-product/create-product.handler';
import { CreateProductHttpController } from './products/create-product/create-product.http.controller';
import { CreateReconciliationHandler } from './reconciliations/create-reconciliation/create-reconciliation.handler';
import { CreateReconciliationHttpController } from './reconciliations/create-reconciliation/create-reconciliation.http.controller';
import { CreateReservationHandler } from './reservations/create-reservation/create-reservation.handler';
import { CreateReservationHttpController } from './reservations/create-reservation/create-reservation.http.controller';
import { ReservationSweeper } from './reservations/expire-reservations/reservation-sweeper';
import { ReservationActionHandler } from './reservations/reservation-actions/reservation-action.handler';
import { ReservationActionHttpController } from './reservations/reservation-actions/reservation-action.http.controller';
import { AdjustStockHandler } from './stock/adjust-stock/adjust-stock.handler';
import { AdjustStockHttpController } from './stock/adjust-stock/adjust-stock.http.controller';
import { PurchaseHandler } from './stock/purchase/purchase.handler';
import { PurchaseHttpController } from './stock/purchase/purchase.http.controller';
import { SetAbsoluteHandler } from './stock/set-absolute/set-absolute.handler';
import { SetAbsoluteHttpController } from './stock/set-absolute/set-absolute.http.controller';
import { RegisterStoreHandler } from './stores/register-store/register-store.handler';
import { RegisterStoreHttpController } from './stores/register-store/register-store.http.controller';
import { CreateTransferHandler } from './transfers/create-transfer/create-transfer.handler';
import { CreateTransferHttpController } from './transfers/create-transfer/create-transfer.http.controller';
import { TransferRecovery } from './transfers/transfer-recovery';
import { TransferSaga } from './transfers/transfer-saga';

@Module({
  imports: [PlatformModule.forApp('command-api'), CqrsModule.forRoot()],
  controllers: [
    RegisterStoreHttpController,
    CreateProductHttpController,
    PurchaseHttpController,
    AdjustStockHttpController,
    SetAbsoluteHttpController,
    CreateReservationHttpController,
    ReservationActionHttpController,
    CreateTransferHttpController,
    CreateReconciliationHttpController,
    GetIdempotencyRecordHttpController,
  ],
  providers: [
    databaseProvider,
    {
      provide: OutboxNotifier,
      inject: [Database],
      useFactory: (database: Database) => new OutboxNotifier(database),
    },
    AuthGuard,
    BacklogGuard,
    CommandStore,
    RegisterStoreHandler,
    CreateProductHandler,
    PurchaseHandler,
    AdjustStockHandler,
    SetAbsoluteHandler,
    CreateReservationHandler,
    ReservationActionHandler,
    ReservationSweeper,
    TransferSaga,
    CreateTransferHandler,
    TransferRecovery,
    CreateReconciliationHandler,
    GetIdempotencyRecordHandler,
    IdempotencyPurger,
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
