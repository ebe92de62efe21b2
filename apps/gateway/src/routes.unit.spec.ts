import { routeOf } from './routes';

describe('gateway routes', () => {
  it.each([
    ['GET', '/v1/availability', 'query-api'],
    ['HEAD', '/v1/items/A1/availability', 'query-api'],
    ['POST', '/v1/availability:batch', 'query-api'],
    ['GET', '/v1/availability/changes', 'query-api'],
    ['GET', '/v1/products/totals', 'query-api'],
    ['GET', '/v1/events', 'query-api'],
    ['GET', '/v1/stores', 'query-api'],
    ['POST', '/v1/stores', 'command-api'],
    ['POST', '/v1/products', 'command-api'],
    ['POST', '/v1/adjustments', 'command-api'],
    ['POST', '/v1/items:set-absolute', 'command-api'],
    ['POST', '/v1/reservations/r1:confirm', 'command-api'],
    ['GET', '/v1/idempotency/k1', 'command-api'],
    ['GET', '/v1/projections/status', 'projector'],
    ['POST', '/v1/projections/rebuild', 'projector'],
    ['GET', '/v1/dlt', 'projector'],
    ['POST', '/v1/dlt/replay', 'projector'],
    ['GET', '/v1/outbox/status', 'outbox-relay'],
    ['POST', '/v1/outbox/17:retry', 'outbox-relay'],
  ])('%s %s goes to %s', (method, path, upstream) => {
    expect(routeOf(method, path)).toBe(upstream);
  });

  it('does not mistake a longer name for an operator prefix', () => {
    expect(routeOf('GET', '/v1/dltx')).toBe('query-api');
  });

  it('sends only POST of the batch read to the query API', () => {
    expect(routeOf('POST', '/v1/availability:batchy')).toBe('command-api');
    expect(routeOf('PUT', '/v1/availability:batch')).toBe('command-api');
  });

  it('routes nothing outside /v1', () => {
    expect(routeOf('GET', '/admin')).toBeUndefined();
    expect(routeOf('GET', '/v10/availability')).toBeUndefined();
  });
});
