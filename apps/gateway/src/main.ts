import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { createLogger, loadConfig, Metrics, type AppName } from '@inventory/platform';
import { Docs, type StaticFile } from './docs/docs';
import { LOCAL_METHODS, LOCAL_ROUTES, type LocalRoute } from './local-routes';
import { Proxy, sendProblem } from './proxy';
import { routeOf, type Upstream } from './routes';

/**
 * The local edge: one base URL for the whole API. A plain Node HTTP proxy rather than a Nest app: it
 * only routes, and every hop it adds is paid on every request. In production an ingress does this.
 */
const config = loadConfig('gateway');
const logger = createLogger('gateway', config.logLevel);
const metrics = new Metrics('gateway');
const proxy = new Proxy(logger);
const upstreams = Object.fromEntries(
  Object.entries(config.upstreams).map(([name, url]) => [name, new URL(url)]),
) as Record<AppName, URL>;
const proxied = metrics.counter('gateway_requests_total', 'Requests routed, by upstream', ['upstream']);
const docs = new Docs();

async function ready(res: ServerResponse): Promise<void> {
  const names = Object.keys(upstreams).filter((name) => name !== 'gateway') as Upstream[];
  const checks = await Promise.all(
    names.map(async (name) => {
      try {
        const answer = await fetch(new URL('/health', upstreams[name]), {
          signal: AbortSignal.timeout(2000),
        });
        return [name, answer.ok ? 'up' : `down: HTTP ${answer.status}`] as const;
      } catch (error) {
        return [name, `down: ${error instanceof Error ? error.message : String(error)}`] as const;
      }
    }),
  );
  const allUp = checks.every(([, state]) => state === 'up');
  res.writeHead(allUp ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: allUp ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) }));
}

function sendFile(res: ServerResponse, file: StaticFile): void {
  res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache' }).end(file.body);
}

type LocalHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
) => unknown;

const LOCAL_HANDLERS: Record<LocalRoute, LocalHandler> = {
  health: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
  ready: (_req, res) => ready(res),
  metrics: async (_req, res) =>
    res
      .writeHead(200, { 'content-type': metrics.registry.contentType })
      .end(await metrics.registry.metrics()),
  docs: (_req, res) => sendFile(res, docs.page()),
  openapi: (_req, res) => sendFile(res, docs.document()),
  asset: (_req, res, params) => {
    const asset = docs.asset(params.file ?? '');
    if (asset) sendFile(res, asset);
    else sendProblem(res, 404, 'ROUTE.NOT_FOUND', `no docs asset ${params.file}`);
  },
};

const local = FindMyWay();
for (const [name, path] of Object.entries(LOCAL_ROUTES) as Array<[LocalRoute, string]>) {
  local.on([...LOCAL_METHODS], path, (req, res, params) => LOCAL_HANDLERS[name](req, res, params));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const own = local.find(req.method as 'GET', path);
  if (own) {
    await own.handler(req, res, own.params, own.store, {});
    return;
  }
  const upstream = routeOf(req.method ?? 'GET', path);
  if (!upstream) {
    sendProblem(res, 404, 'ROUTE.NOT_FOUND', `no route for ${req.method} ${path}`);
    return;
  }
  proxied.inc({ upstream });
  proxy.forward(req, res, upstreams[upstream]);
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    logger.error({ err: error }, 'gateway request failed');
    sendProblem(res, 500, 'INTERNAL', 'an unexpected error occurred');
  });
});
server.keepAliveTimeout = 65_000;

server.listen(config.http.port, config.http.host, () => {
  logger.info(
    { port: config.http.port },
    `gateway listening on http://${config.http.host}:${config.http.port}`,
  );
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'gateway shutting down');
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    proxy.close();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
