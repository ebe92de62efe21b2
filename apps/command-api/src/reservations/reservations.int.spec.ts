import { classifyIssuedId } from '@inventory/contracts';
import { createLogger } from '@inventory/platform';
import { eventually } from '@inventory/testing';
import { CommandHarness } from '../testing/command-harness';
import { checkEventFold } from '../operations/verify-event-fold/event-fold-check';
import { createReservationCommand } from './create-reservation/create-reservation.command';
import { presentCreatedReservation } from './create-reservation/create-reservation.presenter';
import type { CreateReservationRequest } from './create-reservation/create-reservation.request.dto';
import { ReservationSweeper } from './expire-reservations/reservation-sweeper';
import {
  reservationActionCommand,
  type ReservationAction,
} from './reservation-actions/reservation-action.command';
import { presentReservationAction } from './reservation-actions/reservation-action.presenter';
import type { ReservationActionRequest } from './reservation-actions/reservation-action.request.dto';

const harness = new CommandHarness();
const create = (request: CreateReservationRequest) =>
  harness.commands.run(
    harness.context(request),
    harness.reservations,
    createReservationCommand(request, new Date()),
    presentCreatedReservation,
  );
const act = (reservationId: string, action: ReservationAction, request: ReservationActionRequest = {}) => {
  const context = harness.context(request);
  const command = reservationActionCommand(
    classifyIssuedId(reservationId),
    action,
    request,
    context,
    new Date(),
  );
  return harness.commands.run(context, harness.reservations, command, presentReservationAction);
};
const sweeper = new ReservationSweeper(
  harness.database,
  harness.commands,
  createLogger('test', 'silent'),
  harness.metrics,
);

beforeAll(() => sweeper.onApplicationBootstrap());
afterAll(async () => {
  sweeper.onApplicationShutdown();
  await harness.close();
});

describe('reservations against PostgreSQL', () => {
  it('50 concurrent multi-line reservations over overlapping SKUs finish without deadlock', async () => {
    const storeId = await harness.newStore();
    const skus = [
      await harness.newProduct(),
      await harness.newProduct(),
      await harness.newProduct(),
      await harness.newProduct(),
    ];
    for (const sku of skus) await harness.stock(storeId, sku, 40);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        // Lines in different orders on purpose: the command must lock in one deterministic order.
        const picked = [skus[i % 4]!, skus[(i + 1) % 4]!, skus[(i + 3) % 4]!];
        const request = { storeId, lines: picked.map((sku) => ({ sku, qty: 1 })), ttlSeconds: 600 };
        return create(request);
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(202));
    let reserved = 0;
    for (const sku of skus) reserved += (await harness.item(storeId, sku))!.reserved;
    expect(reserved).toBe(150);
  });

  it('a reservation with a 1 s TTL is EXPIRED and its stock released within 2 s', async () => {
    const storeId = await harness.newStore();
    const sku = await harness.newProduct();
    await harness.stock(storeId, sku, 5);
    const request = { storeId, lines: [{ sku, qty: 3 }], ttlSeconds: 1 };
    const created = await create(request);
    const { reservationId, expiresAt } = created.body as { reservationId: string; expiresAt: string };
    expect(await harness.item(storeId, sku)).toMatchObject({ reserved: 3 });

    await eventually(async () => {
      const [row] = await harness.database.query<{ status: string }>(
        'SELECT status FROM command.reservations WHERE reservation_id = $1',
        [reservationId],
      );
      expect(row!.status).toBe('EXPIRED');
    }, 3000);
    const releasedAt = Date.now();
    expect(releasedAt - Date.parse(expiresAt)).toBeLessThan(2000);
    expect(await harness.item(storeId, sku)).toMatchObject({ on_hand: 5, reserved: 0 });

    const confirm = await act(reservationId, 'confirm');
    expect(confirm.status).toBe(409);
    expect(confirm.body).toMatchObject({ code: 'RESERVATION.EXPIRED' });
  });

  it('confirm consumes and cancel releases, and the event streams reproduce every state row', async () => {
    const storeId = await harness.newStore();
    const sku = await harness.newProduct();
    await harness.stock(storeId, sku, 10);
    const reserve = async (qty: number) => {
      const request = { storeId, lines: [{ sku, qty }] };
      const result = await create(request);
      return (result.body as { reservationId: string }).reservationId;
    };
    const [first, second] = [await reserve(4), await reserve(3)];
    expect((await act(first, 'confirm', { paymentRef: 'p' })).status).toBe(202);
    expect((await act(second, 'cancel', { reason: 'user_cancel' })).status).toBe(202);
    expect(await harness.item(storeId, sku)).toMatchObject({ on_hand: 6, reserved: 0 });
    const report = await checkEventFold(harness.database.pool, new Set([`${storeId}:${sku}`, first, second]));
    expect(report.streams).toBe(3);
    expect(report.discrepancies).toEqual([]);
  });
});
