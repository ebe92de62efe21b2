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

/**
 * A service's port: the default, or `STACK_<NAME>_PORT` so a second stack (another checkout, a CI run
 * beside a developer's) can run on the same machine.
 */
export function stackPort(
  name: 'POSTGRES' | 'REDIS' | 'KAFKA' | 'KAFKA_CONTROLLER',
  fallback: number,
): number {
  const raw = process.env[`STACK_${name}_PORT`];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`STACK_${name}_PORT must be a port number`);
  return port;
}
