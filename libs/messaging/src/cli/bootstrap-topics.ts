import { createLogger, loadConfig } from '@inventory/platform';
import { createKafka } from '../kafka-client';
import { bootstrapTopics } from '../topic-bootstrap';

async function main(): Promise<void> {
  const config = loadConfig('operator');
  const kafka = createKafka(config.kafka, createLogger('topics', config.logLevel));
  const created = await bootstrapTopics(kafka, {
    partitions: config.kafka.topicPartitions,
    replicationFactor: config.kafka.replicationFactor,
    eventsRetentionMs: config.kafka.eventsRetentionMs,
  });
  console.log(created.length > 0 ? `topics created: ${created.join(', ')}` : 'topics are up to date');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
