import { eventually, RelayTestbed, stackEnvFromProcess } from '@inventory/testing';

jest.setTimeout(60_000);

let bed: RelayTestbed;

beforeAll(async () => {
  bed = await RelayTestbed.create(stackEnvFromProcess());
});

afterAll(() => bed?.dispose());

const outboxRows = async (ids: string[]) =>
  (
    await bed.database.query<{ id: string }>('SELECT id FROM command.outbox WHERE id = ANY($1::bigint[])', [
      ids,
    ])
  ).map((row) => row.id);

describe('purging published outbox rows', () => {
  it('deletes rows once published and past retention, and keeps failed rows and the rows they hold', async () => {
    const [failedId, heldId] = await bed.insert([{ key: 'stuck' }, { key: 'stuck' }]);
    await bed.database.query(
      `UPDATE command.outbox SET failed_at = now(), attempts = 3, last_error = 'MESSAGE_TOO_LARGE' WHERE id = $1`,
      [failedId],
    );
    await bed.startRelay({ OUTBOX_RETENTION_SECONDS: '1', OUTBOX_PURGE_INTERVAL_MS: '200' });
    const published = await bed.insert(Array.from({ length: 30 }, (_, i) => ({ key: `purged-${i % 3}` })));
    await bed.wake();

    await eventually(async () => expect(await outboxRows(published)).toEqual([]), 20_000);
    expect((await outboxRows([failedId!, heldId!])).sort()).toEqual([failedId, heldId].sort());
    // The event store keeps every event: only the outbox copy is gone.
    const [events] = await bed.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM command.events WHERE stream_id LIKE 'purged-%'`,
    );
    expect(events!.n).toBe(30);
  });
});
