import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { KAFKA } from '@inventory/messaging';
import type { Admin, Kafka } from 'kafkajs';

/** Where a partition's log starts and ends (the offset the next event will get). */
export interface PartitionEnds {
  topic: string;
  partition: number;
  low: bigint;
  high: bigint;
}

/** The projector's admin view of Kafka: topic end offsets and consumer-group clean-up. */
@Injectable()
export class KafkaOffsets implements OnApplicationShutdown {
  private readonly admin: Admin;
  private connecting?: Promise<void>;

  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.admin.disconnect().catch(() => undefined);
  }

  async ends(topics: readonly string[]): Promise<PartitionEnds[]> {
    await this.connect();
    const perTopic = await Promise.all(
      topics.map(async (topic) =>
        (await this.admin.fetchTopicOffsets(topic)).map((o) => ({
          topic,
          partition: o.partition,
          low: BigInt(o.low),
          high: BigInt(o.high),
        })),
      ),
    );
    return perTopic.flat();
  }

  async groups(): Promise<string[]> {
    await this.connect();
    return (await this.admin.listGroups()).groups.map((group) => group.groupId);
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    await this.connect();
    await this.admin.deleteGroups(groupIds);
  }

  private async connect(): Promise<void> {
    this.connecting ??= this.admin.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
  }
}
