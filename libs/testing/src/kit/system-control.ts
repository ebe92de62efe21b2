/**
 * Drives the control port of the system under test (tools/start/control.ts; `SYSTEM_CONTROL_URL`, opened by
 * `npm test`, the test set-ups and `npm run test:faults`): kills and restarts single apps, stops,
 * kills and starts single stack services.
 */
export type AppName = 'command-api' | 'query-api' | 'outbox-relay' | 'projector' | 'gateway';
export type ServiceName = 'postgres' | 'redis' | 'kafka';

export class SystemControl {
  // A plain field, not a parameter property: Node's type stripping (tools/, faults/) only erases types.
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): SystemControl {
    const url = env.SYSTEM_CONTROL_URL;
    if (!url) throw new Error('SYSTEM_CONTROL_URL is not set: run under npm test or the jest set-ups');
    return new SystemControl(url);
  }

  /** Sends `signal` to the app and, except for SIGSTOP/SIGCONT, waits until it has exited. */
  kill(app: AppName, signal: 'SIGKILL' | 'SIGTERM' | 'SIGSTOP' | 'SIGCONT' = 'SIGKILL'): Promise<unknown> {
    return this.post(`/apps/${app}/kill?signal=${signal}`);
  }

  /** Starts the app again (if it is not running) and waits for its /ready. */
  start(app: AppName): Promise<unknown> {
    return this.post(`/apps/${app}/start`);
  }

  /** Each app the system started: its pid and whether it still runs (an app that crashed does not). */
  async apps(): Promise<Array<{ name: AppName; pid: number; running: boolean }>> {
    const answer = await fetch(`${this.baseUrl}/apps`);
    if (!answer.ok) throw new Error(`control /apps failed (${answer.status})`);
    return (await answer.json()) as Array<{ name: AppName; pid: number; running: boolean }>;
  }

  stopService(service: ServiceName): Promise<unknown> {
    return this.post(`/services/${service}/stop`);
  }

  /** SIGKILLs the service's processes, as a crash would; `startService` brings it back. */
  killService(service: ServiceName): Promise<unknown> {
    return this.post(`/services/${service}/kill`);
  }

  startService(service: ServiceName): Promise<unknown> {
    return this.post(`/services/${service}/start`);
  }

  private async post(path: string): Promise<unknown> {
    const answer = await fetch(`${this.baseUrl}${path}`, { method: 'POST' });
    const body = (await answer.json()) as unknown;
    if (!answer.ok) throw new Error(`control ${path} failed (${answer.status}): ${JSON.stringify(body)}`);
    return body;
  }
}
