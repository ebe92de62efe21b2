import { createLogger } from '@inventory/platform';
import { eventually, uniqueId } from '@inventory/testing';
import { readDatabase, removeRows } from '../../testing/read-stores';
import { ChangeHorizon } from './change-horizon';
import { decodeChangesCursor } from './changes-cursor';
import { ListAvailabilityChangesHandler } from './list-availability-changes.handler';
import { ListAvailabilityChangesQuery } from './list-availability-changes.query';

const ROW = `INSERT INTO read.availability_view (sku, store_id, on_hand, reserved, available, version, last_event_at)
             VALUES ($1, $2, 1, 0, 1, 1, now()) RETURNING change_seq::text AS seq`;

describe('the changes feed and transactions still in flight', () => {
  const database = readDatabase();
  const horizon = new ChangeHorizon(database, createLogger('test', 'silent'));
  const feed = new ListAvailabilityChangesHandler(database, horizon);
  const read = (storeId: string, afterSeq = 0n) =>
    feed.execute(new ListAvailabilityChangesQuery(new Date(0), afterSeq, 100, storeId));

  const written: string[] = [];
  const row = (sku: string, storeId: string) => {
    written.push(sku);
    return database.query<{ seq: string }>(ROW, [sku, storeId]);
  };

  afterAll(async () => {
    await removeRows(database, written);
    await database.close();
  });

  it('never lets a client page past a change number a running transaction holds', async () => {
    const storeId = uniqueId('S');
    const [early, late] = [uniqueId('SKU'), uniqueId('SKU')];
    await horizon.sample();
    const slow = await database.pool.connect();
    try {
      // Like a projector batch: a transaction id first (its checkpoint lock), then the row's number.
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      written.push(early);
      const [{ seq: earlySeq }] = (await slow.query<{ seq: string }>(ROW, [early, storeId])).rows;
      const [{ seq: lateSeq }] = await row(late, storeId);
      expect(BigInt(lateSeq)).toBeGreaterThan(BigInt(earlySeq));

      // The later number is committed and visible, the earlier one not yet: the feed must wait.
      await horizon.sample();
      const meanwhile = await read(storeId);
      expect(meanwhile.items).toEqual([]);

      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    const page = await eventually(async () => {
      await horizon.sample();
      const answer = await read(storeId);
      expect(answer.items.map((item) => item.sku)).toEqual([early, late]);
      return answer;
    });
    expect(page.nextCursor).not.toBeNull();
  });

  it('continues after the cursor it handed out, without repeating or skipping', async () => {
    const storeId = uniqueId('S');
    const skus = [uniqueId('SKU'), uniqueId('SKU'), uniqueId('SKU')];
    for (const sku of skus.slice(0, 2)) await row(sku, storeId);
    const first = await eventually(async () => {
      await horizon.sample();
      const answer = await read(storeId);
      expect(answer.items.map((item) => item.sku)).toEqual(skus.slice(0, 2));
      return answer;
    });
    await row(skus[2]!, storeId);
    await eventually(async () => {
      await horizon.sample();
      const next = await read(storeId, decodeChangesCursor(first.nextCursor!));
      expect(next.items.map((item) => item.sku)).toEqual([skus[2]]);
    });
  });
});
