import { sleep } from './sleep.ts';

/**
 * Retries an assertion until it passes or the time is up: the read side is eventually consistent, and
 * a test waits for a condition rather than sleeping a guessed amount.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
