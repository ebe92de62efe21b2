import { Database } from '@inventory/persistence';
import { loadConfig } from '@inventory/platform';
import { checkEventFold } from './event-fold-check';

/** `npm run verify:events`: exits 1 and lists every state row its events do not reproduce. */
async function main(): Promise<void> {
  const config = loadConfig('operator');
  const database = new Database({
    ...config.database,
    statementTimeoutMs: 600_000,
    applicationName: 'verify-events',
  });
  try {
    const report = await checkEventFold(database.pool);
    for (const d of report.discrepancies) {
      console.log(
        `${d.streamType} ${d.id}: stored ${JSON.stringify(d.stored)} but events fold to ${JSON.stringify(d.folded)}`,
      );
    }
    console.log(
      `${report.streams} streams, ${report.events} events folded: ${report.discrepancies.length} discrepanc${report.discrepancies.length === 1 ? 'y' : 'ies'}`,
    );
    process.exitCode = report.discrepancies.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
