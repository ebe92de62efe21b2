import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Database } from '@inventory/persistence';
import { createLogger, loadConfig, Metrics, toProblem } from '@inventory/platform';
import { presentItem } from '../stock/stock-item.presenter';
import { StockItemHandler } from '../stock/stock-item.handler';
import { StockItemRepository } from '../stock/stock-item.repository';
import { BacklogGuard } from './backlog-guard';
import { CommandStore } from './command-store';
import { OutboxNotifier } from './outbox-notifier';

/** A port that accepts connections and never answers: a PostgreSQL that hangs. */
function silentServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(() => undefined).listen(0, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

function commandsAgainst(url: string): { commands: CommandStore; database: Database } {
  const config = loadConfig('command-api', { DEV_MODE: 'true', DATABASE_URL: url });
  const database = new Database({ ...config.database, applicationName: 'down-test' });
  const guard = new BacklogGuard(database, config, createLogger('test', 'silent'), new Metrics('test'));
  const commands = new CommandStore(database, new OutboxNotifier(database), config, guard);
  return { commands, database };
}

const item = { storeId: 'S1', sku: 'A1' };
const write = (commands: CommandStore) =>
  commands.run(
    {
      principal: { id: 't', roles: [] },
      idempotencyKey: randomBytes(8).toString('hex'),
      fingerprint: 'f',
      method: 'POST',
      path: '/v1/adjustments',
      traceId: randomBytes(16).toString('hex'),
    },
    new StockItemHandler(new StockItemRepository()),
    { type: 'AdjustStock', data: { ...item, delta: 1, reason: 'restock' } },
    presentItem(item),
  );

describe('PostgreSQL unavailable', () => {
  it('refused connections become 503 with Retry-After', async () => {
    const { server, port } = await silentServer();
    server.close();
    const { commands, database } = commandsAgainst(
      `postgres://postgres:postgres@127.0.0.1:${port}/inventory`,
    );
    const error = await write(commands).catch((caught: unknown) => caught);
    await database.close();
    const { body, headers } = toProblem(error);
    expect(body).toMatchObject({ status: 503, code: 'SERVICE.UNAVAILABLE' });
    expect(headers['retry-after']).toBe('1');
  });

  it('a server that never answers becomes 503 within seconds, not a hang', async () => {
    const { server, port } = await silentServer();
    const { commands, database } = commandsAgainst(
      `postgres://postgres:postgres@127.0.0.1:${port}/inventory`,
    );
    const started = Date.now();
    const error = await write(commands).catch((caught: unknown) => caught);
    const waited = Date.now() - started;
    await database.close().catch(() => undefined);
    server.close();
    expect(toProblem(error).body.status).toBe(503);
    expect(waited).toBeLessThan(5000);
  });
});
