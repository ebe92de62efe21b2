import type { AppName } from '@inventory/platform';

export type Upstream = Exclude<AppName, 'gateway'>;

interface Rule {
  /** Only these methods; any method when absent. */
  methods?: ReadonlySet<string>;
  prefix: string;
  upstream: Upstream;
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Which app owns a path: operator endpoints go to the app that owns their state; other writes go to
 * the command API and other reads to the query API. First match wins.
 */
const RULES: readonly Rule[] = [
  { prefix: '/v1/projections', upstream: 'projector' },
  { prefix: '/v1/dlt', upstream: 'projector' },
  { prefix: '/v1/outbox', upstream: 'outbox-relay' },
  { prefix: '/v1/idempotency', upstream: 'command-api' },
  // A read with a body: 1000 SKUs do not fit in a URL.
  { methods: new Set(['POST']), prefix: '/v1/availability:batch', upstream: 'query-api' },
  { methods: READS, prefix: '/v1', upstream: 'query-api' },
  { prefix: '/v1', upstream: 'command-api' },
];

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}:`);
}

export function routeOf(method: string, path: string): Upstream | undefined {
  return RULES.find((rule) => under(path, rule.prefix) && (!rule.methods || rule.methods.has(method)))
    ?.upstream;
}
