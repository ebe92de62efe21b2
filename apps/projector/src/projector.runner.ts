import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConsumerRunner, createIdempotentProducer, KAFKA } from '@inventory/messaging';
import { LOGGER } from '@inventory/platform';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { AvailabilityProjection } from './availability/availability.projection';
import { ReservationProjection } from './reservations/reservation.projection';
import { TransferProjection } from './transfers/transfer.projection';

/** Starts one consumer group per projection once the app is up; stops them on shutdown. */
@Injectable()
export class ProjectorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly producer: Producer;
  private readonly runners: ConsumerRunner[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly availability: AvailabilityProjection,
    private readonly reservations: ReservationProjection,
    private readonly transfers: TransferProjection,
  ) {
    this.producer = createIdempotentProducer(kafka);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    for (const projection of [this.availability, this.reservations, this.transfers]) {
      const runner = new ConsumerRunner({
        kafka: this.kafka,
        producer: this.producer,
        groupId: `projector.${projection.name}`,
        topics: [...projection.topics],
        logger: this.logger.child({ projection: projection.name }),
        handleBatch: (events, context) => projection.apply(events, context),
      });
      await runner.start();
      this.runners.push(runner);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop().catch(() => undefined)));
    await this.producer.disconnect().catch(() => undefined);
  }
}
