import type { Type } from '@nestjs/common';
import FindMyWay from 'find-my-way';
import { nestRoutes, OpenApiContract, type NestRoute } from '@inventory/testing';
import { LOCAL_METHODS, LOCAL_ROUTES } from './local-routes';
import { routeOf, type Upstream } from './routes';

type Json = Record<string, unknown>;
type Owner = Upstream | 'gateway';

const contract = OpenApiContract.load();
const APPS: Upstream[] = ['command-api', 'query-api', 'outbox-relay', 'projector'];

const routers = new Map<Owner, FindMyWay.Instance<FindMyWay.HTTPVersion.V1>>();
const routes = new Map<Owner, NestRoute[]>();

function owners(operation: { definition: Json }): Owner[] {
  const app = operation.definition['x-app'] as string;
  return app === 'every' ? [...APPS, 'gateway'] : [app as Owner];
}

beforeAll(async () => {
  // The modules read their config when imported; the command API's needs a token mode.
  process.env.DEV_MODE = 'true';
  const modules: Record<Upstream, Type<unknown>> = {
    'command-api': (await import('../../command-api/src/command-api.module')).CommandApiModule,
    'query-api': (await import('../../query-api/src/query-api.module')).QueryApiModule,
    'outbox-relay': (await import('../../outbox-relay/src/outbox-relay.module')).OutboxRelayModule,
    projector: (await import('../../projector/src/projector.module')).ProjectorModule,
  };
  for (const app of APPS) routes.set(app, nestRoutes(modules[app]));
  routes.set(
    'gateway',
    Object.values(LOCAL_ROUTES).flatMap((path) =>
      LOCAL_METHODS.map((method) => ({ method, path, controller: 'gateway', guarded: false, roles: [] })),
    ),
  );
  for (const [owner, list] of routes) {
    const router = FindMyWay();
    for (const route of list) router.on(route.method as 'GET', route.path, () => undefined, route);
    routers.set(owner, router);
  }
});

describe('routes: the OpenAPI document against the apps and the gateway', () => {
  it('finds the routes of every app', () => {
    for (const owner of routes.keys()) expect(routes.get(owner)!.length).toBeGreaterThanOrEqual(3);
  });

  it.each(contract.operations().map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s is served by the app the document names, and the gateway sends it there',
    (_, operation) => {
      const url = contract.sampleUrl(operation);
      for (const owner of owners(operation)) {
        const found = routers.get(owner)!.find(operation.method as 'GET', url);
        expect({ owner, url, served: Boolean(found) }).toEqual({ owner, url, served: true });
        if (owner !== 'gateway' && !url.startsWith('/v1/')) continue;
        if (owner !== 'gateway') expect(routeOf(operation.method, url)).toBe(owner);
      }
    },
  );

  it('documents every route an app registers', () => {
    const documented = new Set<NestRoute>();
    for (const operation of contract.operations()) {
      for (const owner of owners(operation)) {
        const found = routers.get(owner)!.find(operation.method as 'GET', contract.sampleUrl(operation));
        if (found) documented.add(found.store as NestRoute);
      }
    }
    const undocumented = [...routes.entries()].flatMap(([owner, list]) =>
      list
        .filter((route) => !documented.has(route))
        .filter((route) => !(owner === 'gateway' && route.method === 'HEAD'))
        .map((route) => `${owner}: ${route.method} ${route.path} (${route.controller})`),
    );
    expect(undocumented).toEqual([]);
  });

  it('asks for a bearer token exactly where an app guards the route, and for the roles it requires', () => {
    const global = (contract.document.security ?? []) as Json[];
    const mismatches = contract.operations().flatMap((operation) => {
      const security = (operation.definition.security ?? global) as Json[];
      const roles = (operation.definition['x-roles'] ?? []) as string[];
      return owners(operation).flatMap((owner) => {
        const route = routers.get(owner)!.find(operation.method as 'GET', contract.sampleUrl(operation))
          ?.store as NestRoute | undefined;
        if (!route) return [];
        const documented = { secured: security.length > 0, roles };
        const actual = { secured: route.guarded, roles: route.roles };
        return JSON.stringify(documented) === JSON.stringify(actual)
          ? []
          : [`${operation.method} ${operation.path} on ${owner}: ${JSON.stringify({ documented, actual })}`];
      });
    });
    expect(mismatches).toEqual([]);
  });

  it('sends nothing outside the document to an app', () => {
    expect(routeOf('GET', '/v1/not-documented')).toBe('query-api');
    expect(contract.operation('GET', '/v1/not-documented')).toBeUndefined();
  });
});
