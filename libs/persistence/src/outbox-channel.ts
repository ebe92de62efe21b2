/** The PostgreSQL NOTIFY channel on which the command side wakes the outbox relay. */
export const OUTBOX_CHANNEL = 'outbox';
