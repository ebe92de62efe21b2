import { VersionMismatch, type DomainError } from '@inventory/domain';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@inventory/platform';
import type { CommandResult } from './command-result';

/** A domain refusal as the problem answer stored under the key, like a success would be. */
export function refusalAnswer(error: DomainError, path: string): CommandResult {
  const { body, headers } = toProblem(error);
  body.instance = path;
  if (error instanceof VersionMismatch) headers.etag = `"${error.currentVersion}"`;
  headers['content-type'] = PROBLEM_CONTENT_TYPE;
  return { status: body.status, body, headers };
}
