/**
 * Broker refusals that are about a message or its topic rather than about reaching Kafka: sending the
 * same message again gets the same answer, so the relay isolates and eventually dead-letters it instead
 * of retrying the whole backlog forever.
 */
const MESSAGE_REFUSALS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'POLICY_VIOLATION',
]);

/** `message`: this message (or its topic) is refused; `transient`: Kafka is unreachable or busy. */
export type PublishFailure = 'message' | 'transient';

interface ErrorLike {
  name?: string;
  type?: string;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown[];
}

/** The error and everything it wraps (kafkajs nests the broker's answer in retry and aggregate errors). */
function chain(error: unknown): ErrorLike[] {
  const seen: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 16) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.includes(current as ErrorLike)) continue;
    const node = current as ErrorLike;
    seen.push(node);
    queue.push(node.cause, node.originalError, ...(Array.isArray(node.errors) ? node.errors : []));
  }
  return seen;
}

export function classifyPublishError(error: unknown): PublishFailure {
  const nodes = chain(error);
  if (nodes.some((node) => node.type !== undefined && MESSAGE_REFUSALS.has(node.type))) return 'message';
  // kafkajs reports every connection, timeout and coordination problem as a KafkaJS* error; anything
  // else thrown while sending (e.g. a header value the client cannot encode) is the message's fault.
  if (nodes.some((node) => node.name?.startsWith('KafkaJS'))) return 'transient';
  return 'message';
}

/** The broker's error type when there is one (`MESSAGE_TOO_LARGE`), for headers and listings. */
export function publishErrorCode(error: unknown): string {
  const typed = chain(error).find((node) => node.type !== undefined);
  return typed?.type ?? chain(error)[0]?.name ?? 'Error';
}

/** The most specific message in the chain: kafkajs wraps the broker's answer in retry errors. */
export function publishErrorMessage(error: unknown): string {
  const nodes = chain(error);
  const typed = nodes.find((node) => node.type !== undefined) ?? nodes[0];
  return typed instanceof Error ? typed.message : String(error);
}
