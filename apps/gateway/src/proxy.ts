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
/** The apps' own body limit: refused here too, so the answer does not depend on how the upstream closes. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

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

function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  // Close after answering rather than reading the rest of an oversize body.
  sendProblem(res, 413, 'REQUEST.TOO_LARGE', 'Request body is too large', { connection: 'close' });
  req.resume();
}

/** Streams one request to an upstream and its answer back, over pooled keep-alive connections. */
export class Proxy {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 });

  constructor(private readonly logger: Logger) {}

  forward(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) {
      refuseTooLarge(req, res);
      return;
    }
    // Once the upstream has answered, that answer is the client's: an app that refuses a body early (413)
    // may close the connection while the rest is still being sent, which must not turn into a 503.
    let answered = false;
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
        answered = true;
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
      if (answered) return;
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
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > BODY_LIMIT_BYTES && !answered) {
        answered = true;
        req.unpipe(outgoing);
        outgoing.destroy();
        refuseTooLarge(req, res);
      }
    });
    req.pipe(outgoing);
  }

  close(): void {
    this.agent.destroy();
  }
}
