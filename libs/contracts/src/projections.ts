import { TOPICS } from './topics';

/**
 * The read models and the topics each follows: the projector runs them, and the query API measures
 * how far behind each one is (`X-Projection-Lag-ms`) on the same topics.
 */
export const PROJECTION_TOPICS = {
  availability: [TOPICS.stock],
  catalog: [TOPICS.product],
  reservations: [TOPICS.reservation],
  transfers: [TOPICS.transfer],
} as const satisfies Record<string, readonly string[]>;

export type ProjectionName = keyof typeof PROJECTION_TOPICS;

export const PROJECTION_NAMES = Object.keys(PROJECTION_TOPICS) as ProjectionName[];
