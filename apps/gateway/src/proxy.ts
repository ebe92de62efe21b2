import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { problem, PROBLEM_CONTENT_TYPE, type Logger } from '@inventory/platform';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const UPSTREAM_TIMEOUT_MS = 30_000;

export function sendProblem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  headers = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(problem(status, code, detail));
  res.writeHead(status, {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function forwardableHeaders(headers: IncomingMessage['headers'], clientIp: string | undefined) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  const forwarded = headers['x-forwarded-for'];
  out['x-forwarded-for'] = forwarded ? `${String(forwarded)}, ${clientIp ?? ''}` : (clientIp ?? '');
  return out;
}

/** Streams one request to an upstream and its answer back, over pooled keep-alive connections. */
export class Proxy {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 });

  constructor(private readonly logger: Logger) {}

  forward(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
    const outgoing = httpRequest(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: forwardableHeaders(req.headers, req.socket.remoteAddress),
        agent: this.agent,
        timeout: UPSTREAM_TIMEOUT_MS,
      },
      (incoming) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        res.writeHead(incoming.statusCode ?? 502, headers);
        incoming.pipe(res);
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(Object.assign(new Error('upstream timed out'), { code: 'ETIMEDOUT' })),
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      this.logger.warn({ err: error, upstream: upstream.origin, url: req.url }, 'upstream request failed');
      const timedOut = error.code === 'ETIMEDOUT';
      sendProblem(
        res,
        timedOut ? 504 : 503,
        timedOut ? 'UPSTREAM.TIMEOUT' : 'UPSTREAM.UNAVAILABLE',
        timedOut
          ? 'the service did not answer in time'
          : 'the service behind this route is unavailable; retry shortly',
        timedOut ? {} : { 'retry-after': '1' },
      );
    });
    req.pipe(outgoing);
  }

  close(): void {
    this.agent.destroy();
  }
}
