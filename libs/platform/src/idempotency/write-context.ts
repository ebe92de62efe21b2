import { createHash, randomFillSync } from 'node:crypto';
import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import type { Principal } from '../auth/principal';
import { ProblemError } from '../http/problem';
import { Optional } from '../http/validation';

/** What every write carries besides its body: who asks, the retry key, the precondition and the trace. */
export interface WriteContext {
  principal: Principal;
  idempotencyKey: string;
  /** sha256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  method: string;
  path: string;
  expectedVersion?: number;
  traceId: string;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const OPAQUE_TRACE = /^[\x21-\x7e]{1,128}$/;

export function parseIdempotencyKey(header: unknown): string {
  if (header === undefined || header === '') {
    throw new ProblemError(
      400,
      'IDEMPOTENCY.KEY_REQUIRED',
      'send an Idempotency-Key header with every write',
    );
  }
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new ProblemError(
      400,
      'IDEMPOTENCY.KEY_INVALID',
      'Idempotency-Key must be 1-255 visible ASCII characters',
    );
  }
  return header;
}

/** Accepts `3`, `"3"` and `W/"3"`. */
export function parseIfMatch(header: unknown): number | undefined {
  if (header === undefined || header === '') return undefined;
  const match = typeof header === 'string' ? IF_MATCH.exec(header.trim()) : null;
  if (!match)
    throw new ProblemError(400, 'PRECONDITION.INVALID', 'If-Match must be a version number, e.g. 3 or "3"');
  return Number(match[1]);
}

/**
 * The body's optional `traceId`, as the seed's request schemas carry it: the same rule as the
 * `X-Trace-Id` header, so whatever passes validation is used as the trace id.
 */
export const TraceIdField = () =>
  applyDecorators(
    Optional(),
    IsString(),
    Matches(OPAQUE_TRACE, { message: '$property must be 1-128 visible ASCII characters' }),
  );

/** `traceparent`, then `X-Trace-Id`, then the body's `traceId`; a fresh id when none carries one. */
export function parseTraceId(headers: Record<string, unknown>, body?: unknown): string {
  const traceparent = headers.traceparent;
  const fromParent = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
  if (fromParent) return fromParent;
  const explicit = headers['x-trace-id'];
  if (typeof explicit === 'string' && (TRACE_ID.test(explicit) || OPAQUE_TRACE.test(explicit)))
    return explicit;
  const fromBody =
    typeof body === 'object' && body !== null ? (body as { traceId?: unknown }).traceId : undefined;
  if (typeof fromBody === 'string' && OPAQUE_TRACE.test(fromBody)) return fromBody;
  return freshTraceId();
}

/**
 * Fresh trace ids come from a pool of random bytes refilled 256 ids at a time: `randomBytes(16)` per
 * write was one getrandom call each, 2% of the command API's CPU under load (--cpu-prof).
 */
const TRACE_POOL = Buffer.alloc(16 * 256);
let tracePoolUsed = TRACE_POOL.length;

function freshTraceId(): string {
  if (tracePoolUsed === TRACE_POOL.length) {
    randomFillSync(TRACE_POOL);
    tracePoolUsed = 0;
  }
  tracePoolUsed += 16;
  return TRACE_POOL.toString('hex', tracePoolUsed - 16, tracePoolUsed);
}

/**
 * A body's `traceId` names the attempt, not the request: like the trace headers it is left out, so a
 * retry under a new trace id is the same request.
 */
export function fingerprint(method: string, path: string, body: unknown): string {
  const request =
    typeof body === 'object' && body !== null && !Array.isArray(body) && 'traceId' in body
      ? { ...body, traceId: undefined }
      : body;
  return createHash('sha256')
    .update(`${method} ${path}\n`)
    .update(JSON.stringify(request ?? null))
    .digest('base64url');
}

interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  body?: unknown;
  principal?: Principal;
}

export const Write = createParamDecorator((_: unknown, context: ExecutionContext): WriteContext => {
  const request = context.switchToHttp().getRequest<RawRequest>();
  if (!request.principal) throw new Error('Write context used on a route without AuthGuard');
  const path = request.url.split('?')[0]!;
  return {
    principal: request.principal,
    idempotencyKey: parseIdempotencyKey(request.headers['idempotency-key']),
    fingerprint: fingerprint(request.method, path, request.body),
    method: request.method,
    path,
    expectedVersion: parseIfMatch(request.headers['if-match']),
    traceId: parseTraceId(request.headers, request.body),
  };
});
