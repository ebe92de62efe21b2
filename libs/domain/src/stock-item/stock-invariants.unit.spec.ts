import fc from 'fast-check';
import { reservationDecider, type ReservationCommand } from '../reservation/reservation.decider';
import { initialReservationState, type ReservationState } from '../reservation/reservation.state';
import { stockItemDecider, type StockCommand } from './stock-item.decider';
import { initialStock, itemIn, type Stock } from './stock-item.state';

type Op =
  | { kind: 'adjust'; delta: number }
  | { kind: 'count'; onHand: number }
  | { kind: 'reconcile'; counted: number }
  | { kind: 'purchase'; qty: number }
  | { kind: 'reserve'; qty: number }
  | { kind: 'confirm' | 'cancel' | 'expire'; which: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('adjust' as const), delta: fc.integer({ min: -30, max: 30 }) }),
  fc.record({ kind: fc.constant('count' as const), onHand: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('reconcile' as const), counted: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('purchase' as const), qty: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('reserve' as const), qty: fc.integer({ min: 1, max: 10 }) }),
  fc.record({
    kind: fc.constantFrom('confirm' as const, 'cancel' as const, 'expire' as const),
    which: fc.nat(20),
  }),
);

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';
const catalog = { stores: { S1: 0 }, thresholds: { A1: 3 } };

interface Model {
  stock: Stock;
  reservations: ReservationState[];
}

function stockCommand(o: Op): StockCommand | undefined {
  const item = { storeId: 'S1', sku: 'A1' };
  switch (o.kind) {
    case 'adjust':
      return { type: 'AdjustStock', data: { ...item, delta: o.delta, reason: 'manual' } };
    case 'count':
      return { type: 'CountStock', data: { ...item, onHand: o.onHand, countRef: 'c' } };
    case 'reconcile':
      return {
        type: 'ReconcileStock',
        data: {
          reconciliationId: 'r',
          storeId: 'S1',
          source: 's',
          counts: [{ sku: 'A1', counted: o.counted }],
        },
      };
    case 'purchase':
      return {
        type: 'Purchase',
        data: { sku: 'A1', qty: o.qty, customerId: null, policy: 'highest-available' },
      };
    default:
      return undefined;
  }
}

function reservationCommand(o: Op, reservationId: string): ReservationCommand | undefined {
  switch (o.kind) {
    case 'reserve':
      return {
        type: 'CreateReservation',
        data: {
          reservationId,
          storeId: 'S1',
          customerId: null,
          lines: [{ sku: 'A1', qty: o.qty }],
          expiresAt: LATER,
        },
      };
    case 'confirm':
      return { type: 'ConfirmReservation', data: { reservationId, paymentRef: null, now: NOW } };
    case 'cancel':
      return { type: 'CancelReservation', data: { reservationId, reason: null, now: NOW } };
    case 'expire':
      return { type: 'ExpireReservation', data: { reservationId, now: LATER } };
    default:
      return undefined;
  }
}

/** Applies one command through the deciders; a refused command (any throw) leaves everything as it was. */
function step(model: Model, o: Op, n: number): Model {
  const before = structuredClone(model);
  try {
    const command = stockCommand(o);
    if (command) {
      const events = stockItemDecider.decide(command, model.stock);
      return { ...model, stock: events.reduce(stockItemDecider.evolve, model.stock) };
    }
    const index = 'which' in o ? o.which % Math.max(1, model.reservations.length) : model.reservations.length;
    const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const root = model.reservations[index] ?? initialReservationState(id);
    if (root.status === 'NONE' && o.kind !== 'reserve') return model;
    const state = { root, stock: model.stock };
    const events = reservationDecider.decide(reservationCommand(o, root.reservationId)!, state);
    const next = events.reduce(reservationDecider.evolve, state);
    const reservations = [...model.reservations];
    reservations[index] = next.root;
    return { stock: next.stock, reservations };
  } catch {
    return model;
  } finally {
    // Deciding is pure: whatever it decided, the state it read is unchanged.
    expect(model).toEqual(before);
  }
}

describe('stock invariants under any command sequence', () => {
  it('on hand, reserved and available never go negative and reserved never exceeds on hand', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let model: Model = { stock: initialStock(catalog), reservations: [] };
        ops.forEach((o, n) => {
          const before = itemIn(model.stock, 'S1', 'A1').version;
          model = step(model, o, n);
          const item = itemIn(model.stock, 'S1', 'A1');
          expect(item.onHand).toBeGreaterThanOrEqual(0);
          expect(item.reserved).toBeGreaterThanOrEqual(0);
          expect(item.reserved).toBeLessThanOrEqual(item.onHand);
          expect(item.version).toBeGreaterThanOrEqual(before);
        });
        const active = model.reservations.filter((r) => r.status === 'ACTIVE');
        const item = itemIn(model.stock, 'S1', 'A1');
        expect(item.reserved).toBe(active.reduce((sum, r) => sum + r.lines[0]!.qty, 0));
      }),
      { numRuns: 300 },
    );
  });
});
