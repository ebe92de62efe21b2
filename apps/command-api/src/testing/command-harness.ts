import { randomBytes, randomUUID } from 'node:crypto';
import { Database } from '@inventory/persistence';
import { createLogger, loadConfig, Metrics, type WriteContext } from '@inventory/platform';
import { uniqueId } from '@inventory/testing';
import { BacklogGuard } from '../command-store/backlog-guard';
import { CommandStore } from '../command-store/command-store';
import { OutboxNotifier } from '../command-store/outbox-notifier';
import type { CommandResult } from '../command-store/pending-event';
import { CreateProductCommand } from '../products/create-product/create-product.command';
import { CreateProductHandler } from '../products/create-product/create-product.handler';
import { AdjustStockCommand } from '../stock/adjust-stock/adjust-stock.command';
import { AdjustStockHandler } from '../stock/adjust-stock/adjust-stock.handler';
import { RegisterStoreCommand } from '../stores/register-store/register-store.command';
import { RegisterStoreHandler } from '../stores/register-store/register-store.handler';

/**
 * The command side wired by hand against the real PostgreSQL of the test stack: handlers are plain
 * classes, so integration tests build them with `new` and drive them concurrently.
 */
export class CommandHarness {
  readonly config = loadConfig('command-api', { ...process.env, DEV_MODE: 'true', DB_POOL_SIZE: '32' });
  readonly logger = createLogger('test', 'silent');
  readonly metrics = new Metrics('test');
  readonly database = new Database({ ...this.config.database, applicationName: 'command-harness' });
  readonly commands = new CommandStore(
    this.database,
    new OutboxNotifier(this.database),
    this.config,
    new BacklogGuard(this.database, this.config, this.logger, this.metrics),
  );

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
    await this.expect202(
      new RegisterStoreHandler(this.commands).execute(
        new RegisterStoreCommand(this.context(), { storeId, name: 'Int', latencyMs }),
      ),
    );
    return storeId;
  }

  async newProduct(lowStockThreshold = 3): Promise<string> {
    const sku = uniqueId('SKU');
    await this.expect202(
      new CreateProductHandler(this.commands).execute(
        new CreateProductCommand(this.context(), { sku, name: 'Int product', lowStockThreshold }),
      ),
    );
    return sku;
  }

  async stock(storeId: string, sku: string, qty: number): Promise<void> {
    await this.expect202(
      new AdjustStockHandler(this.commands).execute(
        new AdjustStockCommand(this.context(), { storeId, sku, delta: qty, reason: 'restock' }),
      ),
    );
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
