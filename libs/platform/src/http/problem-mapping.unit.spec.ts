import { HttpException } from '@nestjs/common';
import { InsufficientStock, StoreNotFound, VersionMismatch } from '@inventory/domain';
import { NotFound, ProblemError } from './problem';
import { toProblem } from './problem-mapping';

describe('error to HTTP mapping', () => {
  it('maps domain refusals by kind, keeping their stable code', () => {
    expect(toProblem(new InsufficientStock('S1', 'A1', 5, 2)).body).toMatchObject({
      status: 409,
      code: 'STOCK.INSUFFICIENT',
      available: 2,
    });
    expect(toProblem(new StoreNotFound('S9')).body).toMatchObject({ status: 404, code: 'STORE.NOT_FOUND' });
    expect(toProblem(new VersionMismatch(1, 3)).body).toMatchObject({ status: 409, currentVersion: 3 });
  });

  it('answers a read that found nothing with 404 and the code the handler named', () => {
    const { body, unexpected } = toProblem(
      new NotFound('RESERVATION.NOT_FOUND', 'reservation r is not known'),
    );
    expect(body).toMatchObject({
      status: 404,
      code: 'RESERVATION.NOT_FOUND',
      detail: 'reservation r is not known',
    });
    expect(unexpected).toBe(false);
  });

  it('answers 503 with Retry-After when PostgreSQL is unreachable', () => {
    const mapped = toProblem(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' }),
    );
    expect(mapped.body.status).toBe(503);
    expect(mapped.headers['retry-after']).toBe('1');
  });

  it('answers 503 when connecting to PostgreSQL or waiting for a pooled connection times out', () => {
    for (const message of ['timeout expired', 'timeout exceeded when trying to connect'])
      expect(toProblem(new Error(message)).body.status).toBe(503);
  });

  it('gives framework-raised HTTP errors stable codes', () => {
    expect(toProblem(new HttpException('too big', 413)).body.code).toBe('REQUEST.TOO_LARGE');
    expect(toProblem(new HttpException('text/plain', 415)).body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('hides the detail of unexpected errors and flags them for the log', () => {
    const mapped = toProblem(new Error('secret internals'));
    expect(mapped.body).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(mapped.body.detail).not.toContain('secret');
    expect(mapped.unexpected).toBe(true);
  });

  it('carries problem+json fields of RFC 9457 and the seed', () => {
    const { body } = toProblem(new ProblemError(401, 'AUTH.UNAUTHORIZED', 'no token'));
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'message']),
    );
  });
});
