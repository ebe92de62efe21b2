import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A strong validator of exactly what is returned: any version change gives a new ETag. */
export function etagOf(parts: Array<string | number>): string {
  return `"${createHash('sha1').update(parts.join('|')).digest('base64url').slice(0, 20)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Every read says how stale it is; a client holding the same version gets 304 and no body. */
export function sendRead(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  etag: string,
  lagMs: number,
): void {
  void reply
    .header('x-projection-lag-ms', String(Math.round(lagMs)))
    .header('etag', etag)
    .header('cache-control', 'no-cache');
  if (matches(request.headers['if-none-match'], etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(200).send(body);
}
