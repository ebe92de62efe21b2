import type { AppName } from '@inventory/platform';

export type Upstream = Exclude<AppName, 'gateway'>;

interface Rule {
  reads?: boolean;
  prefix: string;
  upstream: Upstream;
}

/**
 * Which app owns a path: operator endpoints go to the app that owns their state; other writes go to
 * the command API and other reads to the query API. First match wins.
 */
const RULES: readonly Rule[] = [
  { prefix: '/v1/projections', upstream: 'projector' },
  { prefix: '/v1/dlt', upstream: 'projector' },
  { prefix: '/v1/outbox', upstream: 'outbox-relay' },
  { prefix: '/v1/idempotency', upstream: 'command-api' },
  // Availability is read-only whatever the method: the 1000-SKU batch read is a POST.
  { prefix: '/v1/availability', upstream: 'query-api' },
  { reads: true, prefix: '/v1', upstream: 'query-api' },
  { prefix: '/v1', upstream: 'command-api' },
];

const READ_METHODS = new Set(['GET', 'HEAD']);

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}:`);
}

export function routeOf(method: string, path: string): Upstream | undefined {
  return RULES.find((rule) => under(path, rule.prefix) && (!rule.reads || READ_METHODS.has(method)))
    ?.upstream;
}
