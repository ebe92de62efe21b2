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
import { ProductHandler } from './products/product.handler';
import { ProductRepository } from './products/product.repository';
import { CreateProductHttpController } from './products/create-product/create-product.http.controller';
import { CreateReconciliationHttpController } from './reconciliations/create-reconciliation/create-reconciliation.http.controller';
import { CreateReservationHttpController } from './reservations/create-reservation/create-reservation.http.controller';
import { ReservationSweeper } from './reservations/expire-reservations/reservation-sweeper';
import { ReservationHandler } from './reservations/reservation.handler';
import { ReservationRepository } from './reservations/reservation.repository';
import { ReservationActionHttpController } from './reservations/reservation-actions/reservation-action.http.controller';
import { AdjustStockHttpController } from './stock/adjust-stock/adjust-stock.http.controller';
import { PurchaseHttpController } from './stock/purchase/purchase.http.controller';
import { SetAbsoluteHttpController } from './stock/set-absolute/set-absolute.http.controller';
import { StockItemHandler } from './stock/stock-item.handler';
import { StockItemRepository } from './stock/stock-item.repository';
import { RegisterStoreHttpController } from './stores/register-store/register-store.http.controller';
import { StoreHandler } from './stores/store.handler';
import { StoreRepository } from './stores/store.repository';
import { CreateTransferHttpController } from './transfers/create-transfer/create-transfer.http.controller';
import { TransferHandler } from './transfers/transfer.handler';
import { TransferRepository } from './transfers/transfer.repository';
import { TransferRecovery } from './transfers/transfer-recovery';
import { TransferSaga } from './transfers/transfer-saga';

@Module({
  // The bus serves the queries; commands go controller → command store → handler.
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
    StockItemRepository,
    StoreRepository,
    ProductRepository,
    ReservationRepository,
    TransferRepository,
    StockItemHandler,
    StoreHandler,
    ProductHandler,
    ReservationHandler,
    TransferHandler,
    ReservationSweeper,
    TransferSaga,
    TransferRecovery,
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
