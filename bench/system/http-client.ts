import http from 'node:http';
import { randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A keep-alive HTTP/1.1 client on `node:http`: it costs the load generator a fraction of the CPU that
 * `fetch` does, which matters when the load generator shares two cores with the system it measures.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly token: string;
  private readonly timeoutMs: number;

  /** `timeoutMs` > 0 abandons a request that has not answered by then, failing it with ETIMEDOUT. */
  constructor(baseUrl: string, sockets: number, token = 'devtoken', timeoutMs = 0) {
    this.base = new URL(baseUrl);
    this.token = token;
    this.timeoutMs = timeoutMs;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path, undefined, {});
  }

  /** A write: bearer token and a fresh Idempotency-Key unless one is given. */
  post(path: string, body: unknown, key: string = randomUUID()): Promise<Answer> {
    return this.send('POST', path, JSON.stringify(body), {
      authorization: `Bearer ${this.token}`,
      'idempotency-key': key,
    });
  }

  /** A read with a body (the batch availability endpoint). */
  query(path: string, body: unknown): Promise<Answer> {
    return this.send('POST', path, JSON.stringify(body), { authorization: `Bearer ${this.token}` });
  }

  close(): void {
    this.agent.destroy();
  }

  private send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: response.headers,
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      if (this.timeoutMs > 0) {
        // The whole exchange, not socket idleness: a slow-drip answer is as much a hang as silence.
        const timer = setTimeout(
          () => request.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
          this.timeoutMs,
        );
        request.once('close', () => clearTimeout(timer));
      }
      request.end(body);
    });
  }
}
