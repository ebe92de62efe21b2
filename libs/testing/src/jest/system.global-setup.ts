import { ensureSystem } from './system-process';

/** End-to-end tests drive the whole system, every app a process, through the gateway. */
export default async function setup(): Promise<void> {
  await ensureSystem([], Boolean(process.env.GATEWAY_URL));
}
