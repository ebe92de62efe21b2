import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { decideExpireReservation } from '@inventory/domain';
import { Database } from '@inventory/persistence';
import { LOGGER, Metrics, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';
import { CommandStore } from '../../command-store/command-store';
import { loadReservationForUpdate } from '../reservation.repository';
import { applyReservationDecision, lockReservedItems } from '../reservation-stock';

const INTERVAL_MS = 200;
const BATCH = 100;

/**
 * Expires due reservations within a second of `expiresAt` and releases their stock. Each reservation
 * expires in its own transaction, claimed with SKIP LOCKED, so several command-api instances (and a
 * concurrent confirm or cancel) never process the same one twice.
 */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PeriodicTask<number>;
  private readonly expired;

  constructor(
    private readonly database: Database,
    private readonly commands: CommandStore,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.expired = metrics.counter('reservations_expired_total', 'Reservations expired by the sweeper');
    this.loop = new PeriodicTask(
      { name: 'reservation-sweep', intervalMs: INTERVAL_MS },
      () => this.sweep(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** Expires what is due now; returns how many reservations it expired. */
  async sweep(): Promise<number> {
    let count = 0;
    try {
      const due = await this.database.query<{ reservation_id: string }>(
        `SELECT reservation_id FROM command.reservations WHERE status = 'ACTIVE' AND expires_at <= now()
          ORDER BY expires_at LIMIT $1`,
        [BATCH],
      );
      for (const { reservation_id } of due) {
        if (await this.expire(reservation_id)) count++;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'reservation sweep failed; retrying');
    }
    this.expired.inc(count);
    return count;
  }

  private async expire(reservationId: string): Promise<boolean> {
    const cause = { actor: 'reservation-sweeper', traceId: randomBytes(16).toString('hex') };
    const result = await this.commands.executeInternal(cause, async (tx) => {
      const state = await loadReservationForUpdate(tx, reservationId, true);
      if (!state) return { status: 204, body: null, events: [] };
      const { stock, save } = await lockReservedItems(
        tx,
        state.storeId,
        state.lines.map((line) => line.sku),
      );
      const decision = decideExpireReservation(
        { type: 'ExpireReservation', data: { now: new Date().toISOString() } },
        state,
        stock,
      );
      const { events } = await applyReservationDecision(tx, state, decision, save);
      return { status: events.length > 0 ? 200 : 204, body: null, events };
    });
    return result.status === 200;
  }
}
