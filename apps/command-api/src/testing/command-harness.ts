import { randomBytes, randomUUID } from 'node:crypto';
import type { AdjustStock } from '@inventory/domain';
import { Database } from '@inventory/persistence';
import { createLogger, loadConfig, Metrics, type WriteContext } from '@inventory/platform';
import { uniqueId } from '@inventory/testing';
import { BacklogGuard } from '../command-store/backlog-guard';
import type { CommandResult } from '../command-store/command-result';
import { CommandStore } from '../command-store/command-store';
import { OutboxNotifier } from '../command-store/outbox-notifier';
import { presentCreatedProduct } from '../products/create-product/create-product.presenter';
import { ProductHandler } from '../products/product.handler';
import { ProductRepository } from '../products/product.repository';
import { ReservationHandler } from '../reservations/reservation.handler';
import { ReservationRepository } from '../reservations/reservation.repository';
import { StockItemHandler } from '../stock/stock-item.handler';
import { presentItem } from '../stock/stock-item.presenter';
import { StockItemRepository } from '../stock/stock-item.repository';
import { presentRegisteredStore } from '../stores/register-store/register-store.presenter';
import { StoreHandler } from '../stores/store.handler';
import { StoreRepository } from '../stores/store.repository';
import { TransferHandler } from '../transfers/transfer.handler';
import { TransferRepository } from '../transfers/transfer.repository';

/**
 * The command side wired by hand against the real PostgreSQL of the test stack: handlers and
 * repositories are plain classes, so integration tests build them with `new` and drive them
 * concurrently through the command store, answered by the slices' presenters.
 */
export class CommandHarness {
  readonly config;
  readonly logger = createLogger('test', 'silent');
  readonly metrics = new Metrics('test');
  readonly database;
  readonly commands;

  /** `env` overrides the environment: another database, another batch limit. */
  constructor(env: Record<string, string> = {}) {
    this.config = loadConfig('command-api', { ...process.env, DEV_MODE: 'true', DB_POOL_SIZE: '32', ...env });
    this.database = new Database({ ...this.config.database, applicationName: 'command-harness' });
    this.commands = new CommandStore(
      this.database,
      new OutboxNotifier(this.database),
      this.config,
      new BacklogGuard(this.database, this.config, this.logger, this.metrics),
    );
  }

  readonly stockItems = new StockItemHandler(new StockItemRepository());
  readonly stores = new StoreHandler(new StoreRepository());
  readonly products = new ProductHandler(new ProductRepository());
  readonly reservations = new ReservationHandler(new ReservationRepository());
  readonly transfers = new TransferHandler(new TransferRepository());

  context(body: unknown = {}, key = randomUUID(), roles = ['admin']): WriteContext {
    return {
      principal: { id: 'int-test', roles },
      idempotencyKey: key,
      fingerprint: JSON.stringify(body),
      method: 'POST',
      path: '/v1/test',
      traceId: randomBytes(16).toString('hex'),
    };
  }

  async newStore(latencyMs = 0): Promise<string> {
    const storeId = uniqueId('S');
    const command = { type: 'RegisterStore' as const, data: { storeId, name: 'Int', latencyMs } };
    await this.expect202(this.commands.run(this.context(), this.stores, command, presentRegisteredStore));
    return storeId;
  }

  async newProduct(lowStockThreshold = 3): Promise<string> {
    const sku = uniqueId('SKU');
    const command = {
      type: 'CreateProduct' as const,
      data: { sku, name: 'Int product', lowStockThreshold, initialOnHand: 0 },
    };
    await this.expect202(
      this.commands.run(this.context(), this.products, command, presentCreatedProduct(command)),
    );
    return sku;
  }

  /** A restock (or any adjustment) of one item, answered as `POST /v1/adjustments` answers. */
  adjust(storeId: string, sku: string, delta: number, context = this.context()): Promise<CommandResult> {
    const command: AdjustStock = {
      type: 'AdjustStock',
      data: { storeId, sku, delta, reason: delta > 0 ? 'restock' : 'sale' },
    };
    return this.commands.run(context, this.stockItems, command, presentItem({ storeId, sku }));
  }

  async stock(storeId: string, sku: string, qty: number): Promise<void> {
    await this.expect202(this.adjust(storeId, sku, qty));
  }

  async item(
    storeId: string,
    sku: string,
  ): Promise<{ on_hand: number; reserved: number; version: number } | undefined> {
    const [row] = await this.database.query<{ on_hand: number; reserved: number; version: number }>(
      'SELECT on_hand, reserved, version FROM command.stock_items WHERE store_id = $1 AND sku = $2',
      [storeId, sku],
    );
    return row;
  }

  close(): Promise<void> {
    return this.database.close();
  }

  private async expect202(result: Promise<CommandResult>): Promise<void> {
    const { status, body } = await result;
    if (status !== 202) throw new Error(`setup command failed: ${status} ${JSON.stringify(body)}`);
  }
}
