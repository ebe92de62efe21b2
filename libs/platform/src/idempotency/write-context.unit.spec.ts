import { ProblemError } from '../http/problem';
import { fingerprint, parseIdempotencyKey, parseIfMatch, parseTraceId } from './write-context';

describe('write headers', () => {
  it('requires an Idempotency-Key of visible ASCII', () => {
    expect(() => parseIdempotencyKey(undefined)).toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY.KEY_REQUIRED' }),
    );
    expect(() => parseIdempotencyKey('has space')).toThrow(ProblemError);
    expect(() => parseIdempotencyKey('x'.repeat(256))).toThrow(ProblemError);
    expect(parseIdempotencyKey('7b0c-11ef')).toBe('7b0c-11ef');
  });

  it('reads If-Match as 3, "3" or W/"3"', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"3"')).toBe(3);
    expect(() => parseIfMatch('three')).toThrow(expect.objectContaining({ code: 'PRECONDITION.INVALID' }));
  });

  it('takes the trace id from traceparent, then X-Trace-Id, then the body, else makes one', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const body = { sku: 'A1', traceId: 'from-body' };
    expect(parseTraceId({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, body)).toBe(traceId);
    expect(parseTraceId({ 'x-trace-id': 'order-42' }, body)).toBe('order-42');
    expect(parseTraceId({}, body)).toBe('from-body');
    expect(parseTraceId({}, { traceId: 'has space' })).toMatch(/^[0-9a-f]{32}$/);
    expect(parseTraceId({})).toMatch(/^[0-9a-f]{32}$/);
  });

  it('fingerprints method, path and body', () => {
    const base = fingerprint('POST', '/v1/adjustments', { delta: 1 });
    expect(fingerprint('POST', '/v1/adjustments', { delta: 1 })).toBe(base);
    expect(fingerprint('POST', '/v1/adjustments', { delta: 2 })).not.toBe(base);
    expect(fingerprint('POST', '/v1/stores', { delta: 1 })).not.toBe(base);
  });

  it('leaves the body trace id out of the fingerprint: a retry may carry a new one', () => {
    const base = fingerprint('POST', '/v1/adjustments', { delta: 1 });
    expect(fingerprint('POST', '/v1/adjustments', { delta: 1, traceId: 'attempt-2' })).toBe(base);
  });
});
