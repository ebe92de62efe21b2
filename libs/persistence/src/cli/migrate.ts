import { loadConfig } from '@inventory/platform';
import { migrate } from '../data-sources';

async function main(): Promise<void> {
  const config = loadConfig('operator');
  const applied = await migrate(config.database.url, config.database.readUrl);
  console.log(applied.length > 0 ? `migrations applied: ${applied.join(', ')}` : 'schema is up to date');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
