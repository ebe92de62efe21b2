import fc from 'fast-check';
import {
  decideCancelReservation,
  decideConfirmReservation,
  decideCreateReservation,
} from '../reservation/reservation.decide';
import {
  evolveReservation,
  initialReservationState,
  type ReservationState,
} from '../reservation/reservation.state';
import { decideAdjustStock } from './adjust-stock.decide';
import { decideCountStock } from './count-stock.decide';
import { decidePurchase } from './purchase.decide';
import { evolveStockItem, initialStockItemState, type StockItemState } from './stock-item.state';

type Op =
  | { kind: 'adjust'; delta: number }
  | { kind: 'count'; onHand: number }
  | { kind: 'purchase'; qty: number }
  | { kind: 'reserve'; qty: number }
  | { kind: 'confirm'; which: number }
  | { kind: 'cancel'; which: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('adjust' as const), delta: fc.integer({ min: -30, max: 30 }) }),
  fc.record({ kind: fc.constant('count' as const), onHand: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('purchase' as const), qty: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('reserve' as const), qty: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('confirm' as const), which: fc.nat(20) }),
  fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(20) }),
);

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';

/** Applies one command to the model; a refused command (any throw) leaves everything as it was. */
function step(item: StockItemState, reservations: ReservationState[], o: Op, n: number): StockItemState {
  const threshold = 3;
  const stock = () => ({ items: new Map([['A1', item]]), thresholds: new Map([['A1', threshold]]) });
  try {
    switch (o.kind) {
      case 'adjust':
        return decideAdjustStock(
          {
            type: 'AdjustStock',
            data: { storeId: 'S1', sku: 'A1', delta: o.delta, reason: 'manual', threshold },
          },
          item,
        ).reduce(evolveStockItem, item);
      case 'count':
        return decideCountStock(
          {
            type: 'CountStock',
            data: { storeId: 'S1', sku: 'A1', onHand: o.onHand, countRef: 'c', threshold },
          },
          item,
        ).reduce(evolveStockItem, item);
      case 'purchase': {
        const { events } = decidePurchase(
          {
            type: 'Purchase',
            data: {
              sku: 'A1',
              qty: o.qty,
              customerId: null,
              policy: 'highest-available',
              threshold,
              lastRoundRobinStore: null,
            },
          },
          [{ item, latencyMs: 0 }],
        );
        return events.reduce(evolveStockItem, item);
      }
      case 'reserve': {
        const items = stock();
        const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        const decision = decideCreateReservation(
          {
            type: 'CreateReservation',
            data: {
              reservationId: id,
              storeId: 'S1',
              customerId: null,
              lines: [{ sku: 'A1', qty: o.qty }],
              expiresAt: LATER,
            },
          },
          items,
        );
        reservations.push(decision.reservation.reduce(evolveReservation, initialReservationState(id)));
        return items.items.get('A1')!;
      }
      case 'confirm':
      case 'cancel': {
        const index = o.which % Math.max(1, reservations.length);
        const reservation = reservations[index];
        if (!reservation) return item;
        const items = stock();
        const decision =
          o.kind === 'confirm'
            ? decideConfirmReservation(
                { type: 'ConfirmReservation', data: { paymentRef: null, now: NOW } },
                reservation,
                items,
              )
            : decideCancelReservation(
                { type: 'CancelReservation', data: { reason: null, now: NOW } },
                reservation,
                items,
              );
        reservations[index] = decision.reservation.reduce<ReservationState>(evolveReservation, reservation);
        return items.items.get('A1')!;
      }
    }
  } catch {
    return item;
  }
}

describe('stock invariants under any command sequence', () => {
  it('on hand, reserved and available never go negative and reserved never exceeds on hand', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let item = initialStockItemState('S1', 'A1');
        const reservations: ReservationState[] = [];
        ops.forEach((o, n) => {
          const before = item.version;
          item = step(item, reservations, o, n);
          expect(item.onHand).toBeGreaterThanOrEqual(0);
          expect(item.reserved).toBeGreaterThanOrEqual(0);
          expect(item.reserved).toBeLessThanOrEqual(item.onHand);
          expect(item.version).toBeGreaterThanOrEqual(before);
        });
        const active = reservations.filter((r) => r.status === 'ACTIVE');
        expect(item.reserved).toBe(active.reduce((sum, r) => sum + r.lines[0]!.qty, 0));
      }),
      { numRuns: 300 },
    );
  });
});
