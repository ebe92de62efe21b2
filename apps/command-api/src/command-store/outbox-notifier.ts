import { Database, OUTBOX_CHANNEL } from '@inventory/persistence';

/** At most one wake-up per this many milliseconds per process. */
const MIN_INTERVAL_MS = 10;

/**
 * Wakes the relay after commits. A `pg_notify` inside each command transaction serialises commits on
 * the notification queue, and one after every commit costs 10–20% of commit throughput once commits
 * run back to back (bench/relay). So the wake-up is sent after commit, on its own, and throttled:
 * every commit is covered by a notify sent at most 10 ms later, and a burst shares one.
 */
export class OutboxNotifier {
  private scheduled = false;
  private lastSentAt = 0;

  constructor(private readonly database: Database) {}

  poke(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastSentAt + MIN_INTERVAL_MS - Date.now());
    setTimeout(() => {
      this.scheduled = false;
      this.lastSentAt = Date.now();
      // The relay also polls: a lost wake-up only delays publishing, it never loses an event.
      this.database.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch(() => undefined);
    }, wait).unref();
  }
}
