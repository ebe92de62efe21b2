import type { ChildProcess } from 'node:child_process';
import type { Logger } from './log.ts';

export type ServiceName = 'postgres' | 'redis' | 'kafka';
export type EnvVar = 'DATABASE_URL' | 'REDIS_URL' | 'KAFKA_BROKERS';

export const SERVICE_NAMES: readonly ServiceName[] = ['postgres', 'redis', 'kafka'];

export interface Service {
  readonly name: ServiceName;
  readonly envVar: EnvVar;
  readonly port: number;
  // What the apps get in their environment when the service runs locally.
  readonly localUrl: string;
  readonly readyTimeoutMs: number;
  // Substring of the process command line that proves a recorded pid is still ours.
  readonly processMarker: () => string;
  // Sent to the process-group leader on `down`; it picks the fastest clean shutdown.
  readonly stopSignal: NodeJS.Signals;
  // Where to look when it fails, most useful first.
  logFiles(): string[];
  // Throws unless the service answers a real request at `url`.
  probe(url: string): Promise<void>;
  // URL used for the readiness wait of a local instance (may differ from localUrl
  // while, e.g., the application database does not exist yet).
  readinessUrl(): string;
  // Installs, downloads, initialises: everything idempotent that precedes a launch.
  prepare(log: Logger): Promise<void>;
  launch(): Promise<ChildProcess>;
  // Runs once the local instance is ready, on fresh starts and on reuse alike.
  afterReady(log: Logger): Promise<void>;
  // What `down --purge` deletes; anything left out is a download cache worth keeping.
  purgePaths(): string[];
}
