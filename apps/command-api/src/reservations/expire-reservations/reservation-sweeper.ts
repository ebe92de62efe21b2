import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { LOGGER, Metrics, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';
import { CommandStore } from '../../command-store/command-store';
import { ReservationHandler } from '../reservation.handler';
import { ReservationRepository } from '../reservation.repository';

const INTERVAL_MS = 200;
/** While sweeps find nothing due the wait doubles up to this: expiry stays within a second. */
const IDLE_INTERVAL_MS = 800;
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
  private readonly reservations = new ReservationHandler(new ReservationRepository());

  constructor(
    private readonly database: Database,
    private readonly commands: CommandStore,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.expired = metrics.counter('reservations_expired_total', 'Reservations expired by the sweeper');
    this.loop = new PeriodicTask(
      {
        name: 'reservation-sweep',
        intervalMs: INTERVAL_MS,
        idle: { maxMs: IDLE_INTERVAL_MS, quiet: (expired) => !expired },
      },
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

  /** Whether this call expired the reservation (another instance, or a confirm, may hold or have done it). */
  private async expire(reservationId: string): Promise<boolean> {
    const cause = { actor: 'reservation-sweeper', traceId: randomBytes(16).toString('hex') };
    const now = new Date().toISOString();
    const outcome = await this.commands.executeInternal(cause, (tx) =>
      this.reservations.execute(tx, { type: 'ExpireReservation', data: { reservationId, now } }),
    );
    return outcome.events.length > 0;
  }
}
