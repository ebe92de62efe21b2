import { readFile, readdir } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux this runs on). */
const TICKS = 100;

export interface ProcessUsage {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  reapedChildrenCpuSeconds: number;
  rssMb: number;
  /** VmHWM: the highest resident set size since the process started. */
  peakRssMb: number;
}

async function usageOf(pid: number): Promise<ProcessUsage | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    // Fields after "(comm) ": state is [0], utime [11], stime [12], and the reaped children's
    // cutime [13], cstime [14] (PostgreSQL's ended backends).
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return {
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
      reapedChildrenCpuSeconds: (Number(fields[13]) + Number(fields[14])) / TICKS,
      rssMb: Math.round(kb('VmRSS') / 1024),
      peakRssMb: Math.round(kb('VmHWM') / 1024),
    };
  } catch {
    return undefined;
  }
}

/** The pids whose parent is `parent` (PostgreSQL's backends are its postmaster's children). */
async function childrenOf(parent: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const children: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const ppid = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
      if (ppid === parent) children.push(pid);
    }),
  );
  return children;
}

export interface Watched {
  name: string;
  pid: () => number | undefined;
  /** Count the process's children too (PostgreSQL). */
  withChildren?: boolean;
}

/**
 * CPU seconds and resident memory of the system's processes, read from /proc: `snapshot()` at scenario
 * boundaries gives CPU per scenario; a 1 s sampler keeps the highest RSS seen per name (for a process
 * group such as PostgreSQL, the sum over its processes; for an app, its own VmHWM as well).
 */
export class ResourceMonitor {
  private readonly peaks = new Map<string, number>();
  /** Highest sampled RSS per name since `beginPhase` (VmHWM cannot be reset, so sampled only). */
  private phasePeaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private stopped = true;
  /** CPU seconds of processes that have exited (an app restarted mid-run), kept per name. */
  private readonly retired = new Map<string, number>();
  private readonly last = new Map<string, { pid: number; cpuSeconds: number }>();
  private readonly watched: Watched[];

  constructor(watched: Watched[]) {
    this.watched = watched;
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      // A sample in flight when stop() runs must not arm the next one: the process would never exit.
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.snapshot().finally(tick), 1000);
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** CPU seconds so far per name, counted across restarts. */
  async snapshot(): Promise<Record<string, { cpuSeconds: number; rssMb: number }>> {
    const out: Record<string, { cpuSeconds: number; rssMb: number }> = {};
    for (const item of this.watched) {
      const pid = item.pid();
      if (pid === undefined) continue;
      const pids = item.withChildren ? [pid, ...(await childrenOf(pid))] : [pid];
      const usages = (await Promise.all(pids.map(usageOf))).filter((u) => u !== undefined);
      if (usages.length === 0) continue;
      const cpu =
        usages.reduce((sum, u) => sum + u.cpuSeconds, 0) +
        (item.withChildren ? usages[0]!.reapedChildrenCpuSeconds : 0);
      const rss = usages.reduce((sum, u) => sum + u.rssMb, 0);
      const peak = item.withChildren ? rss : Math.max(rss, usages[0]!.peakRssMb);
      this.peaks.set(item.name, Math.max(this.peaks.get(item.name) ?? 0, peak));
      this.phasePeaks.set(item.name, Math.max(this.phasePeaks.get(item.name) ?? 0, rss));
      const previous = this.last.get(item.name);
      if (previous && previous.pid !== pid)
        this.retired.set(item.name, (this.retired.get(item.name) ?? 0) + previous.cpuSeconds);
      this.last.set(item.name, { pid, cpuSeconds: cpu });
      out[item.name] = { cpuSeconds: cpu + (this.retired.get(item.name) ?? 0), rssMb: rss };
    }
    return out;
  }

  /** Starts a new phase: `phasePeakRssMb()` then covers the samples taken from now on. */
  beginPhase(): void {
    this.phasePeaks = new Map();
  }

  phasePeakRssMb(): Record<string, number> {
    return Object.fromEntries(this.phasePeaks);
  }

  peakRssMb(): Record<string, number> {
    return Object.fromEntries(this.peaks);
  }
}

/** CPU seconds spent per name between two snapshots. */
export function cpuBetween(
  before: Record<string, { cpuSeconds: number }>,
  after: Record<string, { cpuSeconds: number }>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, usage]) => [
      name,
      Math.round((usage.cpuSeconds - (before[name]?.cpuSeconds ?? 0)) * 100) / 100,
    ]),
  );
}
