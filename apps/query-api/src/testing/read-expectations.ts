import type { ApiResponse } from '@inventory/testing';

/** What every successful read carries: its staleness and a validator for conditional requests. */
export function expectFreshRead(response: ApiResponse): void {
  expect(response.status).toBe(200);
  expect(response.headers.get('x-projection-lag-ms')).toMatch(/^\d+$/);
  expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
}

/** A 304 with no body, still saying how stale the read side is. */
export function expectNotModified(response: ApiResponse, etag: string): void {
  expect(response.status).toBe(304);
  expect(response.text).toBe('');
  expect(response.headers.get('etag')).toBe(etag);
  expect(response.headers.get('x-projection-lag-ms')).toMatch(/^\d+$/);
}

/** An RFC 9457 problem with the system's stable code. */
export function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
}

/** The field names a 400 VALIDATION.FAILED complains about. */
export function invalidFields(response: ApiResponse): string[] {
  expectProblem(response, 400, 'VALIDATION.FAILED');
  return (response.body as { errors: Array<{ field: string }> }).errors.map((error) => error.field);
}

export const byStoreId = <T extends { storeId: string }>(a: T, b: T) => a.storeId.localeCompare(b.storeId);
