import { HttpClient, type Answer } from '../bench/system/http-client.ts';
import { pick, skuOf, storeOf, type Dataset } from '../bench/system/dataset.ts';
import { sleep } from '../libs/testing/src/kit/sleep.ts';

/**
 * The load a fault is injected under: writers that behave like a careful real client (one
 * Idempotency-Key per command, the same key on every retry after a timeout, a connection error or a
 * 5xx, with backoff that honours Retry-After) and a reader polling availability. Every answer is kept
 * with its time, so the report can say what a user saw: what was acknowledged, what failed how, and the
 * longest stretch without a successful answer.
 */

/** A request that has not answered by then is a hang: the client gives up on that attempt and retries. */
export const HANG_MS = 10_000;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2_000;
/** A real client stops retrying a command at some point; its outcome is then unknown to it, not lost. */
const GIVE_UP_AFTER_MS = 90_000;

export type Operation = 'adjust' | 'purchase' | 'reserve';

export interface Acknowledged {
  key: string;
  operation: Operation;
  /** What the command API answered: the item's (or reservation's) identity and version. */
  body: Record<string, unknown>;
  at: number;
}

/** One attempt's outcome, as the client saw it. */
export interface Attempt {
  kind: 'write' | 'read';
  started: number;
  ended: number;
  /** HTTP status, or 0 for a connection error or a timeout. */
  status: number;
  /** An answer the system gave on purpose (2xx, 304, a 4xx refusal): it was serving. */
  served: boolean;
  /** What was wrong with it, if anything a user should never see: a 500, a hang, a bare 503. */
  defect?: string;
}

export interface LoadRecord {
  acknowledged: Acknowledged[];
  attempts: Attempt[];
  /** Commands given up on after GIVE_UP_AFTER_MS of retries (their outcome unknown to the client). */
  abandoned: number;
  /** Retries sent (same key, same body). */
  retries: number;
}

export interface LoadOptions {
  baseUrl: string;
  data: Dataset;
  writers: number;
  readers: number;
  /** Keys are `<keyPrefix>-<writer>-<n>`, so the event store can be searched for them. */
  keyPrefix: string;
}

function retryAfterMs(answer: Answer): number | undefined {
  const header = answer.headers['retry-after'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function isProblem(answer: Answer): boolean {
  return String(answer.headers['content-type'] ?? '').startsWith('application/problem+json');
}

/** What a user must never see: a 5xx other than a well-formed 503, or a 503 that does not say when to retry. */
function defectOf(answer: Answer): string | undefined {
  if (answer.status === 503) {
    if (retryAfterMs(answer) === undefined) return '503 without Retry-After';
    if (!isProblem(answer)) return '503 not problem+json';
    return undefined;
  }
  if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  return undefined;
}

/** Whether the answer is final for the command: a 2xx or a deterministic 4xx refusal. */
function isFinal(answer: Answer): boolean {
  if (answer.status >= 500) return false;
  // The same key still running (a timed-out earlier attempt): the client waits for it, like any retry.
  if (answer.status === 409 && answer.body.includes('IDEMPOTENCY.IN_PROGRESS')) return false;
  return answer.status !== 429;
}

function commandFor(data: Dataset): { operation: Operation; path: string; body: unknown } {
  const dice = Math.random();
  const storeId = storeOf(data, pick(data.stores));
  const sku = skuOf(data, pick(data.skus));
  if (dice < 0.6) {
    const delta = Math.random() < 0.5 ? -1 : 1;
    return { operation: 'adjust', path: '/v1/adjustments', body: { storeId, sku, delta, reason: 'manual' } };
  }
  if (dice < 0.85) return { operation: 'purchase', path: '/v1/purchase', body: { sku, qty: 1 } };
  // Long enough not to expire during the run: expiries would be writes no client asked for.
  const body = { storeId, lines: [{ sku, qty: 1 }], ttlSeconds: 3600 };
  return { operation: 'reserve', path: '/v1/reservations', body };
}

export class FaultLoad {
  private readonly record: LoadRecord = { acknowledged: [], attempts: [], abandoned: 0, retries: 0 };
  private readonly client: HttpClient;
  private stopping = false;
  private readersStopping = false;
  private writing: Promise<unknown> | undefined;
  private reading: Promise<unknown> | undefined;
  private readonly options: LoadOptions;

  constructor(options: LoadOptions) {
    this.options = options;
    this.client = new HttpClient(options.baseUrl, options.writers + options.readers, 'devtoken', HANG_MS);
  }

  start(): void {
    const { writers, readers } = this.options;
    this.writing = Promise.all(Array.from({ length: writers }, (_, i) => this.writer(i)));
    this.reading = Promise.all(Array.from({ length: readers }, () => this.reader()));
  }

  /**
   * Stops issuing new commands and lets each writer finish (or give up on) the one it has in hand; the
   * readers poll until the last writer is done, so the read figures cover the same stretch of time.
   */
  async stop(): Promise<LoadRecord> {
    this.stopping = true;
    await this.writing;
    this.readersStopping = true;
    await this.reading;
    this.client.close();
    return this.record;
  }

  private async attempt(kind: Attempt['kind'], send: () => Promise<Answer>): Promise<Answer | undefined> {
    const started = performance.now();
    try {
      const answer = await send();
      const defect = defectOf(answer);
      this.record.attempts.push({
        kind,
        started,
        ended: performance.now(),
        status: answer.status,
        served: answer.status < 500 && isFinal(answer),
        ...(defect ? { defect } : {}),
      });
      return answer;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const ended = performance.now();
      this.record.attempts.push({
        kind,
        started,
        ended,
        status: 0,
        served: false,
        ...(code === 'ETIMEDOUT' ? { defect: `no answer within ${HANG_MS / 1000}s (hang)` } : {}),
      });
      return undefined;
    }
  }

  private async writer(index: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const key = `${this.options.keyPrefix}-${index}-${n}`;
      const command = commandFor(this.options.data);
      const began = performance.now();
      for (let tries = 0; ; tries++) {
        if (tries > 0) this.record.retries++;
        const answer = await this.attempt('write', () => this.client.post(command.path, command.body, key));
        if (answer && isFinal(answer)) {
          if (answer.status >= 200 && answer.status < 300) {
            this.record.acknowledged.push({
              key,
              operation: command.operation,
              body: JSON.parse(answer.body) as Record<string, unknown>,
              at: performance.now(),
            });
          }
          break;
        }
        if (performance.now() - began > GIVE_UP_AFTER_MS) {
          this.record.abandoned++;
          break;
        }
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** tries);
        const wait = (answer && retryAfterMs(answer)) ?? backoff;
        // Jitter, so clients that failed together do not retry together.
        await sleep(wait * (0.5 + Math.random() / 2));
      }
    }
  }

  private async reader(): Promise<void> {
    while (!this.readersStopping) {
      const sku = skuOf(this.options.data, pick(this.options.data.skus));
      const answer = await this.attempt('read', () =>
        this.client.get(`/v1/availability?sku=${encodeURIComponent(sku)}`),
      );
      // A poller's pace: often enough to see a gap of a few hundred milliseconds.
      await sleep(answer?.status === 503 ? (retryAfterMs(answer) ?? 200) : 50);
    }
  }
}

/**
 * The longest stretch in [from, to] without a served answer of this kind (answers ordered by when they
 * arrived): how long a user of that path saw the system unavailable.
 */
export function longestGapMs(attempts: Attempt[], kind: Attempt['kind'], from: number, to: number): number {
  const served = attempts
    .filter((a) => a.kind === kind && a.served && a.ended >= from && a.ended <= to)
    .map((a) => a.ended)
    .sort((a, b) => a - b);
  let previous = from;
  let longest = 0;
  for (const at of [...served, to]) {
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return Math.round(longest);
}
