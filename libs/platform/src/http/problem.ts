/** An RFC 9457 problem, carrying the seed's `code` and `message` fields too. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  message: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  // Extensions never override the standard members.
  return {
    ...extensions,
    type: `urn:inventory:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    message: detail,
  };
}

/**
 * An error that already knows its HTTP answer: used for protocol-level refusals (auth, headers,
 * idempotency) that are not domain rules.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toProblem(): ProblemDetails {
    return problem(this.status, this.code, this.message, this.extensions);
  }
}

/** A read found nothing under what it was asked for: a handler names it by code; the mapping answers 404. */
export class NotFound extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFound';
  }
}

export class ServiceUnavailable extends ProblemError {
  constructor(detail: string, retryAfterSeconds = 1) {
    super(503, 'SERVICE.UNAVAILABLE', detail, {}, { 'retry-after': String(retryAfterSeconds) });
  }
}
