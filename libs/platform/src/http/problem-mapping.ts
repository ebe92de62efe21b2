import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@inventory/domain';
import { NotFound, problem, ProblemError, ServiceUnavailable, type ProblemDetails } from './problem';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 422,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 409,
};

/** PostgreSQL and socket failures that mean "try again later", not "your request is wrong". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57014', // query_canceled (statement timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

export function isTransientError(error: unknown): boolean {
  // Duck-typed: socket errors come from Node's core, whose Error may not be this realm's Error.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return (
    typeof message === 'string' &&
    // "timeout expired": node-postgres's own connect timeout (the pool's checkout timeout is the other one).
    /Connection terminated|timeout exceeded when trying to connect|timeout expired|Client has encountered a connection error/.test(
      message,
    )
  );
}

/** Framework-raised HTTP errors (routing, body limits, media types) by status. */
const HTTP_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
};

export interface MappedProblem {
  body: ProblemDetails;
  headers: Record<string, string>;
  /** True when the failure is ours, not the caller's: logged as an error. */
  unexpected: boolean;
}

/** The single error → HTTP mapping of the system. */
export function toProblem(error: unknown): MappedProblem {
  if (error instanceof ProblemError) {
    return { body: error.toProblem(), headers: error.headers, unexpected: false };
  }
  if (error instanceof NotFound) {
    return { body: problem(404, error.code, error.message), headers: {}, unexpected: false };
  }
  if (error instanceof DomainError) {
    const status = STATUS_OF_KIND[error.kind];
    const extensions = { ...error.details };
    return { body: problem(status, error.code, error.message, extensions), headers: {}, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HTTP_CODES[status] ?? `HTTP.${status}`;
    return { body: problem(status, code, error.message), headers: {}, unexpected: status >= 500 };
  }
  if (isTransientError(error)) {
    const unavailable = new ServiceUnavailable('a dependency is unavailable; retry shortly');
    return { body: unavailable.toProblem(), headers: unavailable.headers, unexpected: false };
  }
  return {
    body: problem(500, 'INTERNAL', 'an unexpected error occurred'),
    headers: {},
    unexpected: true,
  };
}
