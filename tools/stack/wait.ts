import { readFile } from 'node:fs/promises';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

// Java stack frames are dropped so that the lines saying what went wrong fit in the tail.
export async function tailOf(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const kept = text.split('\n').filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  return kept
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join('\n');
}

export interface WaitOptions {
  what: string;
  timeoutMs: number;
  logFiles?: string[];
  intervalMs?: number;
  // Lets the wait fail fast when the process being waited for has already died.
  exited?: () => string | null;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function failure(opts: WaitOptions, reason: string): Promise<Error> {
  const files = opts.logFiles ?? [];
  if (files.length === 0) return new Error(`${opts.what}: ${reason}`);
  const tails = await Promise.all(files.map(async (file) => ({ file, tail: await tailOf(file) })));
  const shown = tails.filter((t) => t.tail !== '').map((t) => `  ${t.file}:\n${t.tail}`);
  return new Error(`${opts.what}: ${reason}; see ${files.join(' and ')}\n${shown.join('\n')}`);
}

// Polls a real health probe until it passes; a fixed sleep would be both slower and flakier.
export async function waitUntil(probe: () => Promise<void>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown = 'never probed';
  for (;;) {
    const exit = opts.exited?.();
    if (exit) throw await failure(opts, `process ${exit} before becoming ready`);
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seconds = Math.round(opts.timeoutMs / 1000);
      throw await failure(opts, `not ready after ${seconds}s (last probe error: ${errorMessage(lastError)})`);
    }
    await sleep(opts.intervalMs ?? 250);
  }
}
