import { parseArgs } from 'node:util';
import { Database } from '@inventory/persistence';
import { loadConfig } from '@inventory/platform';
import Redis from 'ioredis';
import { checkReadModel } from './read-model-check';

const USAGE = `usage: npm run verify [-- --live[=ms]]

Checks every item: the read model (PostgreSQL) against the command state, Redis against the read
model, the event timeline against the event store, and that nothing is negative or oversold.
Without --live the system must be drained (read model == command state); --live tolerates projection
lag up to the given milliseconds (default 30000). Exits 1 on any discrepancy.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { live: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return console.log(USAGE);
  const lagToleranceMs = values.live === undefined ? 0 : Number(values.live || 30_000);
  const config = loadConfig('operator');
  const connect = (url: string, side: string) =>
    new Database({
      url,
      poolSize: 2,
      statementTimeoutMs: 600_000,
      applicationName: `verify-read-model-${side}`,
    });
  const databases = {
    read: connect(config.database.readUrl, 'read'),
    command: connect(config.database.url, 'command'),
  };
  const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const report = await checkReadModel(databases, { lagToleranceMs, redis });
    for (const d of report.discrepancies) console.log(`${d.kind} ${d.id}: ${JSON.stringify(d.detail)}`);
    const count = report.discrepancies.length;
    console.log(
      `read model: ${report.items} items over ${report.skus} SKUs checked: ${count} discrepanc${count === 1 ? 'y' : 'ies'}`,
    );
    process.exitCode = count > 0 ? 1 : 0;
  } finally {
    redis.disconnect();
    await Promise.all([databases.read.close(), databases.command.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
