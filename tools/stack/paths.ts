import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const INFRA_KAFKA_DIR = path.join(REPO_ROOT, 'infra', 'kafka');

// Read on every call rather than once at import, so a caller may set STACK_DIR after importing.
export function stackDir(): string {
  const override = process.env.STACK_DIR;
  return override ? path.resolve(override) : path.join(REPO_ROOT, '.stack');
}

export function serviceDir(name: string): string {
  return path.join(stackDir(), name);
}

export function pidFile(name: string): string {
  return path.join(serviceDir(name), 'pid');
}
