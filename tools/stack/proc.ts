import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readdirSync } from 'node:fs';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';
import { tailOf } from './wait.ts';

export interface SpawnSpec {
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

export const execFileAsync = promisify(execFile);

function openLog(logFile: string): number {
  return openSync(logFile, 'a');
}

// Detached = own session and process group, so the service outlives the CLI and
// `down` can signal the whole group. stdin is ignored so CI shells without a tty work.
export function spawnDetached(spec: SpawnSpec): ChildProcess {
  const fd = openLog(spec.logFile);
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      uid: spec.uid,
      gid: spec.gid,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}

// Runs a one-off command (initdb, mvn, apt-get, StorageTool) to completion with its
// output in a log file, and fails with the tail of that log.
export async function runLogged(spec: SpawnSpec): Promise<void> {
  const fd = openLog(spec.logFile);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    uid: spec.uid,
    gid: spec.gid,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const code = await new Promise<number | string>((resolve) => {
    child.once('error', (err) => resolve(err.message));
    child.once('exit', (c, signal) => resolve(c ?? String(signal)));
  });
  if (code !== 0) {
    const tail = await tailOf(spec.logFile);
    throw new Error(
      `${path.basename(spec.command)} ${spec.args.join(' ')} failed (${code}); see ${spec.logFile}\n${tail}`,
    );
  }
}

export async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export async function writePid(file: string, pid: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${pid}\n`);
}

export async function removePid(file: string): Promise<void> {
  await rm(file, { force: true });
}

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

// Parsed from /proc because kill(pid, 0) succeeds on zombies, and an orphaned service
// whose parent never reaps it would otherwise look alive forever.
function procStat(pid: number): ProcStat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

function liveProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => procStat(Number(entry)))
    .filter((stat): stat is ProcStat => stat !== null && stat.state !== 'Z');
}

function signalZero(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const HAVE_PROC = (() => {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
})();

export function isRunning(pid: number): boolean {
  if (!HAVE_PROC) return signalZero(pid);
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z';
}

// The group plus its descendants: PostgreSQL puts every backend in a process group of
// its own, so the group alone would miss them.
export function processTree(pgid: number): number[] {
  if (!HAVE_PROC) return signalZero(-pgid) ? [pgid] : [];
  const all = liveProcesses();
  const tree = new Set(all.filter((p) => p.pgrp === pgid).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

// A pidfile can survive a reboot; the marker check keeps us from adopting or killing
// an unrelated process that happens to have reused the pid.
export function isOurProcess(pid: number, marker: string): boolean {
  if (!isRunning(pid)) return false;
  const cmdline = commandLine(pid);
  return cmdline === null || cmdline.includes(marker);
}

function trySignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Already gone: nothing to signal.
  }
}

async function waitTreeGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processTree(pgid).length === 0) return true;
    await sleep(100);
  }
  return processTree(pgid).length === 0;
}

// The polite signal goes to the leader only: for PostgreSQL, signalling the backends
// directly would race the postmaster's own orderly shutdown.
export async function stopGroup(
  pgid: number,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<'clean' | 'killed'> {
  trySignal(pgid, signal);
  if (await waitTreeGone(pgid, graceMs)) return 'clean';
  trySignal(-pgid, 'SIGKILL');
  for (const pid of processTree(pgid)) trySignal(pid, 'SIGKILL');
  await waitTreeGone(pgid, 5_000);
  return 'killed';
}

export async function whichBinary(name: string, extraDirs: string[] = []): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return null;
}
