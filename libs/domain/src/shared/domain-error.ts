/**
 * What kind of refusal a domain error is. The HTTP layer maps kinds to status codes in one place;
 * the domain never speaks HTTP.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'precondition-failed';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An `If-Match` precondition names a version the aggregate no longer has. */
export class VersionMismatch extends DomainError {
  readonly code = 'VERSION.MISMATCH';
  readonly kind = 'precondition-failed';

  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`expected version ${expectedVersion} but the current version is ${currentVersion}`, {
      expectedVersion,
      currentVersion,
    });
  }
}

export function assertExpectedVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw new VersionMismatch(expected, current);
}
