import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { down, kill, SERVICE_NAMES, up, type ServiceName } from '../stack/stack.ts';
import { APPS, startApp, stopApp, waitReady, type AppName, type RunningApp } from './apps.ts';

/**
 * A local control port for fault-injection tests: stop, kill, pause and restart single apps, and stop or
 * start single stack services, while the rest of the system keeps running. Bound to 127.0.0.1 and only
 * opened when asked for (`npm start -- --control`, and by `npm test`).
 *
 *   POST /apps/{name}/kill?signal=SIGKILL|SIGTERM|SIGSTOP|SIGCONT
 *   POST /apps/{name}/start             starts it again and waits for /ready
 *   POST /services/{postgres|redis|kafka}/stop|start
 *   POST /services/{postgres|redis|kafka}/kill   SIGKILL, as a crash would (start brings it back)
 *   GET  /apps                          each app's pid and whether it runs
 */
export interface Control {
  url: string;
  close(): Promise<void>;
}

const SIGNALS = new Set(['SIGKILL', 'SIGTERM', 'SIGSTOP', 'SIGCONT']);

function running(app: RunningApp): boolean {
  return app.child.exitCode === null && app.child.signalCode === null;
}

export async function openControl(
  apps: RunningApp[],
  env: NodeJS.ProcessEnv,
  echoLogs: boolean,
  port: number,
): Promise<Control> {
  const find = (name: string) => apps.findIndex((app) => app.name === name);

  async function handle(method: string, url: URL): Promise<[number, unknown]> {
    const [kind, name, action] = url.pathname.split('/').filter(Boolean);
    if (method === 'GET' && kind === 'apps' && !name) {
      return [200, apps.map((app) => ({ name: app.name, pid: app.child.pid, running: running(app) }))];
    }
    if (method !== 'POST') return [405, { error: 'POST only' }];
    if (kind === 'apps' && APPS.some((app) => app.name === name)) {
      const index = find(name!);
      if (index < 0) return [404, { error: `${name} was not started by this system` }];
      const app = apps[index]!;
      if (action === 'kill') {
        const signal = url.searchParams.get('signal') ?? 'SIGKILL';
        if (!SIGNALS.has(signal)) return [400, { error: `unsupported signal ${signal}` }];
        if (!running(app)) return [200, { name, running: false }];
        if (signal === 'SIGSTOP' || signal === 'SIGCONT') {
          app.child.kill(signal);
          return [200, { name, signal }];
        }
        if (signal === 'SIGTERM') await stopApp(app);
        else {
          const exited = new Promise((resolve) => app.child.once('exit', resolve));
          app.child.kill('SIGKILL');
          await exited;
        }
        return [200, { name, running: false }];
      }
      if (action === 'start') {
        if (running(app)) return [200, { name, running: true, pid: app.child.pid }];
        const restarted = await startApp(name as AppName, env, echoLogs);
        apps[index] = restarted;
        await waitReady(restarted);
        return [200, { name, running: true, pid: restarted.child.pid }];
      }
    }
    if (kind === 'services' && SERVICE_NAMES.includes(name as ServiceName)) {
      const only = [name as ServiceName];
      if (action === 'stop') return [200, await down({ only, log: () => undefined })];
      if (action === 'start') return [200, await up({ only, log: () => undefined })];
      if (action === 'kill') return [200, await kill({ only, log: () => undefined })];
    }
    return [404, { error: `no such control: ${method} ${url.pathname}` }];
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://control');
    handle(request.method ?? 'GET', url)
      .catch(
        (error: unknown) => [500, { error: error instanceof Error ? error.message : String(error) }] as const,
      )
      .then(([status, body]) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
