import { Database } from '@inventory/persistence';

export const OUTBOX_CHANNEL = 'outbox';

/**
 * Wakes the relay after commits. A `pg_notify` inside each command transaction serialises commits on
 * the notification queue, so the wake-up is sent after commit, on its own, and coalesced: at most one is
 * in flight, and any commits meanwhile are covered by one more.
 */
export class OutboxNotifier {
  private inFlight = false;
  private pending = false;

  constructor(private readonly database: Database) {}

  poke(): void {
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    void this.database
      .query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`)
      // The relay also polls: a lost wake-up only delays publishing, it never loses an event.
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.pending) {
          this.pending = false;
          this.poke();
        }
      });
  }
}
