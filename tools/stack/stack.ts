import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { kafka } from './kafka.ts';
import { withStackLock } from './lock.ts';
import { stderrLogger, type Logger } from './log.ts';
import { pidFile } from './paths.ts';
import { postgres } from './postgres.ts';
import { isOurProcess, isRunning, readPid, removePid, stopGroup, writePid } from './proc.ts';
import { redis } from './redis.ts';
import { SERVICE_NAMES, type EnvVar, type Service, type ServiceName } from './service.ts';
import { errorMessage, waitUntil } from './wait.ts';

export { SERVICE_NAMES, type EnvVar, type ServiceName } from './service.ts';

const SERVICES: Record<ServiceName, Service> = { postgres, redis, kafka };
const EXTERNAL_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 15_000;

export interface UpOptions {
  only?: readonly ServiceName[];
  log?: Logger;
}

export interface UpResult {
  started: ServiceName[];
  reused: ServiceName[];
  external: ServiceName[];
  env: Partial<Record<EnvVar, string>>;
}

export interface DownOptions {
  only?: readonly ServiceName[];
  purge?: boolean;
  log?: Logger;
}

export interface DownResult {
  stopped: ServiceName[];
  notRunning: ServiceName[];
}

export interface ServiceStatus {
  name: ServiceName;
  port: number;
  pid: number | null;
  state: 'up' | 'down' | 'external';
  healthy: boolean;
  url: string;
  detail?: string;
}

type Outcome = 'started' | 'reused' | 'external';

function select(only: readonly ServiceName[] | undefined): Service[] {
  return (only?.length ? SERVICE_NAMES.filter((name) => only.includes(name)) : SERVICE_NAMES).map(
    (name) => SERVICES[name],
  );
}

function externalUrl(service: Service): string | undefined {
  return process.env[service.envVar] || undefined;
}

function watchExit(child: ChildProcess): () => string | null {
  let status: string | null = null;
  child.once('error', (err) => (status = `failed to start (${err.message})`));
  child.once('exit', (code, signal) => (status = `exited with ${signal ?? `code ${code}`}`));
  return () => status;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => socket.destroy());
    // Refused is the expected answer; 'close' follows and resolves.
    socket.once('error', () => {});
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('close', () => resolve(false));
  });
}

// Without a live pidfile, whatever holds the port is not ours: starting anyway would
// only produce a bind error buried in a log file.
async function assertPortFree(service: Service): Promise<void> {
  if (!(await portInUse(service.port))) return;
  throw new Error(
    `${service.name}: 127.0.0.1:${service.port} is already in use by a process this stack did not start ` +
      `(no live pid in ${pidFile(service.name)}). Stop it, or set ${service.envVar} to use it as external infrastructure.`,
  );
}

async function probeExternal(service: Service, url: string): Promise<void> {
  await waitUntil(() => service.probe(url), {
    what: `${service.name} at ${service.envVar}=${url}`,
    timeoutMs: EXTERNAL_TIMEOUT_MS,
  });
}

async function adoptRunning(service: Service, log: Logger): Promise<boolean> {
  const file = pidFile(service.name);
  const pid = await readPid(file);
  if (pid === null) return false;
  if (!isOurProcess(pid, service.processMarker())) {
    log(`${service.name}: removing stale pidfile (pid ${pid} is gone or belongs to another program)`);
    await removePid(file);
    return false;
  }
  await waitUntil(() => service.probe(service.readinessUrl()), {
    what: `${service.name} (already running as pid ${pid})`,
    timeoutMs: service.readyTimeoutMs,
    logFiles: service.logFiles(),
    exited: () => (isRunning(pid) ? null : 'exited'),
  });
  await service.afterReady(log);
  return true;
}

async function spawnedPid(service: Service, child: ChildProcess): Promise<number> {
  if (child.pid !== undefined) return child.pid;
  const [err] = (await once(child, 'error')) as [Error];
  throw new Error(`${service.name}: could not start: ${err.message}`);
}

// A service that never became ready is stopped again, so a failed `up` leaves no
// half-started process behind for the next run to trip over.
async function launchFresh(service: Service, log: Logger): Promise<void> {
  await assertPortFree(service);
  await service.prepare(log);
  log(`${service.name}: starting on port ${service.port}`);
  const began = Date.now();
  const child = await service.launch();
  const exited = watchExit(child);
  const pid = await spawnedPid(service, child);
  await writePid(pidFile(service.name), pid);
  try {
    await waitUntil(() => service.probe(service.readinessUrl()), {
      what: service.name,
      timeoutMs: service.readyTimeoutMs,
      logFiles: service.logFiles(),
      exited,
    });
    await service.afterReady(log);
  } catch (err) {
    await stopService(service, log);
    throw err;
  }
  log(`${service.name}: ready in ${((Date.now() - began) / 1000).toFixed(1)}s`);
}

async function bringUp(service: Service, log: Logger): Promise<Outcome> {
  const external = externalUrl(service);
  if (external) {
    await probeExternal(service, external);
    return 'external';
  }
  if (await adoptRunning(service, log)) return 'reused';
  await launchFresh(service, log);
  return 'started';
}

function summarise(services: Service[], outcomes: Outcome[]): UpResult {
  const result: UpResult = { started: [], reused: [], external: [], env: {} };
  services.forEach((service, i) => {
    const outcome = outcomes[i] as Outcome;
    result[outcome].push(service.name);
    result.env[service.envVar] = externalUrl(service) ?? service.localUrl;
  });
  return result;
}

// Services are brought up in parallel: Kafka's JVM dominates, the others hide behind it.
export async function up(opts: UpOptions = {}): Promise<UpResult> {
  const log = opts.log ?? stderrLogger;
  const services = select(opts.only);
  return withStackLock(log, async () => {
    const settled = await Promise.allSettled(services.map((service) => bringUp(service, log)));
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [errorMessage(s.reason)] : []));
    if (failures.length > 0) {
      const startedHere = services.filter((_, i) => {
        const s = settled[i];
        return s?.status === 'fulfilled' && s.value === 'started';
      });
      await Promise.all(startedHere.map((service) => stopService(service, log)));
      throw new Error(failures.join('\n'));
    }
    return summarise(
      services,
      settled.map((s) => (s as PromiseFulfilledResult<Outcome>).value),
    );
  });
}

async function stopService(service: Service, log: Logger): Promise<boolean> {
  const file = pidFile(service.name);
  const pid = await readPid(file);
  if (pid === null) return false;
  if (!isOurProcess(pid, service.processMarker())) {
    await removePid(file);
    return false;
  }
  log(`${service.name}: stopping pid ${pid}`);
  const how = await stopGroup(pid, service.stopSignal, STOP_GRACE_MS);
  if (how === 'killed') log(`${service.name}: did not stop within ${STOP_GRACE_MS / 1000}s, killed`);
  await removePid(file);
  return true;
}

/**
 * SIGKILLs a service's whole process tree, as a crash or an OOM kill would: no shutdown hook, no
 * flush. Fault-injection tests use it; `up` starts the service again (recovering from its data dir).
 */
export async function kill(opts: { only: readonly ServiceName[]; log?: Logger }): Promise<DownResult> {
  const log = opts.log ?? stderrLogger;
  const services = select(opts.only);
  return withStackLock(log, async () => {
    const killed = await Promise.all(
      services.map(async (service) => {
        const file = pidFile(service.name);
        const pid = await readPid(file);
        if (pid === null || !isOurProcess(pid, service.processMarker())) return false;
        log(`${service.name}: killing pid ${pid} (SIGKILL)`);
        await stopGroup(pid, 'SIGKILL', STOP_GRACE_MS);
        await removePid(file);
        return true;
      }),
    );
    return {
      stopped: services.filter((_, i) => killed[i]).map((s) => s.name),
      notRunning: services.filter((_, i) => !killed[i]).map((s) => s.name),
    };
  });
}

async function purge(service: Service, log: Logger): Promise<void> {
  log(`${service.name}: deleting its data`);
  await Promise.all(service.purgePaths().map((p) => rm(p, { recursive: true, force: true })));
}

export async function down(opts: DownOptions = {}): Promise<DownResult> {
  const log = opts.log ?? stderrLogger;
  const services = select(opts.only);
  return withStackLock(log, async () => {
    const stopped = await Promise.all(services.map((service) => stopService(service, log)));
    if (opts.purge) await Promise.all(services.map((service) => purge(service, log)));
    return {
      stopped: services.filter((_, i) => stopped[i]).map((s) => s.name),
      notRunning: services.filter((_, i) => !stopped[i]).map((s) => s.name),
    };
  });
}

async function healthy(service: Service, url: string): Promise<boolean> {
  try {
    await service.probe(url);
    return true;
  } catch {
    return false;
  }
}

async function statusOf(service: Service): Promise<ServiceStatus> {
  const base = { name: service.name, port: service.port };
  const external = externalUrl(service);
  if (external)
    return {
      ...base,
      pid: null,
      state: 'external',
      healthy: await healthy(service, external),
      url: external,
    };
  const pid = await readPid(pidFile(service.name));
  const running = pid !== null && isOurProcess(pid, service.processMarker());
  const ok = running && (await healthy(service, service.localUrl));
  const detail =
    running && !ok ? `running but not answering; see ${service.logFiles().join(', ')}` : undefined;
  return {
    ...base,
    pid: running ? pid : null,
    state: ok ? 'up' : 'down',
    healthy: ok,
    url: service.localUrl,
    detail,
  };
}

export async function status(opts: { only?: readonly ServiceName[] } = {}): Promise<ServiceStatus[]> {
  return Promise.all(select(opts.only).map(statusOf));
}
