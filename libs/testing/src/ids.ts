import { randomUUID } from 'node:crypto';

/** Unique ids per test, so tests share one stack and run in parallel without seeing each other. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}
