import { createHash } from 'node:crypto';
import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';

// node-postgres's own serialisation of bound values (arrays, dates, JSON, buffers); it ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string | null };

type Statement = QueryConfig | string;

/**
 * libpq's escaping (quotes doubled; with a backslash, doubled backslashes in an E'' string), with
 * regular expressions: node-postgres's escapeLiteral builds its result a character at a time, and a
 * 1000-line reconciliation's megabyte of SQL made that the command API's peak memory (546 MB).
 */
function escapeLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * A statement that each pooled connection parses and plans once, then only binds and executes. On the
 * command path planning cost more than running: a named statement cut PostgreSQL's CPU per command and
 * raised commands/s by a third (bench/README.md). Only for fixed SQL text: every distinct text stays
 * prepared on every connection for the connection's life.
 */
export function prepared(text: string): QueryConfig {
  return { name: `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
}

/**
 * What a command's statements run on. `query` answers now; `defer` queues a statement whose result
 * nobody needs before commit (a write) and `later` one whose result is needed only later (the
 * idempotency claim): both travel in the same round trip as the next `query`, or as COMMIT.
 */
export interface CommandTx {
  query<R extends QueryResultRow = QueryResultRow>(
    statement: Statement,
    values?: unknown[],
  ): Promise<QueryResult<R>>;
  defer(statement: Statement, values?: unknown[]): void;
  later<R extends QueryResultRow = QueryResultRow>(
    statement: Statement,
    values?: unknown[],
  ): Promise<QueryResult<R>>;
  /** Drops the writes queued so far (a refused command writes nothing but its stored outcome). */
  discardDeferred(): void;
  /** Sends whatever is queued, if anything. */
  flush(): Promise<void>;
  /** Whether a `later` statement is still waiting to be sent. */
  hasQueuedReads(): boolean;
}

/**
 * Values larger than this go with bound parameters, on their own round trip, instead of as literals:
 * a 1000-line reconciliation's megabyte of literal SQL cost the command API half as much CPU again as
 * binding it, and its peak memory.
 */
const INLINE_LIMIT_CHARS = 4 * 1024;

interface Queued {
  /** `EXECUTE …`, `PREPARE …`, BEGIN or COMMIT: sent with its neighbours as one simple query. */
  sql?: string;
  /** A statement with large values, sent alone with bound parameters (its own prepared statement). */
  bound?: QueryConfig & { values: unknown[] };
  /** Settles with this statement's result; writes have none. */
  settle?: { resolve: (result: QueryResult) => void; reject: (error: unknown) => void };
  write: boolean;
}

/** Server-side prepared statements, per connection (a PREPARE outlives ROLLBACK; a connection does not). */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/**
 * One transaction whose statements are sent several at a time, as one multi-statement simple query:
 * `BEGIN; EXECUTE claim(…); EXECUTE lock(…)` and `EXECUTE save(…); EXECUTE append(…); COMMIT` make a
 * stock command two round trips instead of six. Measured on the command path, each round trip cost
 * the command API a socket write and a wake-up (a quarter of its CPU was in writev) and held the row
 * locks a little longer. Every statement is PREPAREd once per connection and EXECUTEd with its values
 * as escaped literals, so planning is still paid once.
 */
export class PipelinedTransaction implements CommandTx {
  private queue: Queued[] = [{ sql: 'BEGIN', write: true }];
  private readonly prepared: Set<string>;
  /** A batch that PREPAREd statements failed: which of them exist is unknown, so the connection goes. */
  poisoned = false;
  sent = false;

  constructor(private readonly client: PoolClient) {
    this.prepared = preparedOn.get(client) ?? new Set();
    preparedOn.set(client, this.prepared);
  }

  async query<R extends QueryResultRow = QueryResultRow>(
    statement: Statement,
    values: unknown[] = [],
  ): Promise<QueryResult<R>> {
    const result = this.later<R>(statement, values);
    // A failed batch rejects this result and throws from flush() too; the caller gets the error from
    // flush(), so the rejected result must not also count as unhandled (which ends the process: a
    // PostgreSQL restart mid-transaction crashed the command API that way).
    result.catch(() => undefined);
    await this.flush();
    return result;
  }

  defer(statement: Statement, values: unknown[] = []): void {
    this.queue.push({ ...this.execute(statement, values), write: true });
  }

  later<R extends QueryResultRow = QueryResultRow>(
    statement: Statement,
    values: unknown[] = [],
  ): Promise<QueryResult<R>> {
    return new Promise<QueryResult<R>>((resolve, reject) => {
      const settle = { resolve: resolve as (result: QueryResult) => void, reject };
      this.queue.push({ ...this.execute(statement, values), settle, write: false });
    });
  }

  discardDeferred(): void {
    this.queue = this.queue.filter((item) => !item.write || item.sql === 'BEGIN');
  }

  hasQueuedReads(): boolean {
    return this.queue.some((item) => item.settle !== undefined);
  }

  async flush(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.sent = true;
    const prepares = batch.filter((item) => item.sql?.startsWith('PREPARE ')).length;
    try {
      for (let from = 0; from < batch.length;) {
        const bound = batch[from]!.bound;
        if (bound) {
          // Not inside `settle?.resolve(…)`: a write has no settle, and `?.` would skip the query too.
          const result = await this.client.query(bound);
          batch[from]!.settle?.resolve(result);
          from++;
          continue;
        }
        let to = from;
        while (to < batch.length && !batch[to]!.bound) to++;
        const segment = batch.slice(from, to);
        const answer = (await this.client.query(segment.map((item) => item.sql).join(';\n'))) as
          QueryResult | QueryResult[];
        const results = Array.isArray(answer) ? answer : [answer];
        segment.forEach((item, i) => item.settle?.resolve(results[i]!));
        from = to;
      }
    } catch (error) {
      if (prepares > 0) this.poisoned = true;
      for (const item of batch) item.settle?.reject(error);
      throw error;
    }
  }

  /** Forgets PREPAREs that were queued but never sent, so this connection prepares them next time. */
  abandon(): void {
    for (const item of this.queue)
      if (item.sql?.startsWith('PREPARE ')) this.prepared.delete(item.sql.split(' ', 2)[1]!);
    this.queue = [];
  }

  /** Sends COMMIT with whatever is still queued. */
  commit(): Promise<void> {
    this.queue.push({ sql: 'COMMIT', write: true });
    return this.flush();
  }

  /**
   * `EXECUTE name(literals…)`, preceded by its PREPARE the first time this connection sees it; or, for
   * large values, the statement with bound parameters.
   */
  private execute(statement: Statement, values: unknown[]): Pick<Queued, 'sql' | 'bound'> {
    const { name, text } = typeof statement === 'string' ? prepared(statement) : statement;
    if (!name) throw new Error('a pipelined statement needs a name (see prepared())');
    const texts = values.map((value) => prepareValue(value));
    if (texts.reduce((size, value) => size + (value?.length ?? 0), 0) > INLINE_LIMIT_CHARS)
      // Protocol-level statements share PREPARE's namespace: this one has a name of its own.
      return { bound: { name: `${name}_bound`, text, values: texts } };
    if (!this.prepared.has(name)) {
      this.prepared.add(name);
      this.queue.push({ sql: `PREPARE ${name} AS ${text}`, write: false });
    }
    const literals = texts.map((value) => (value === null ? 'NULL' : escapeLiteral(value)));
    return { sql: literals.length > 0 ? `EXECUTE ${name}(${literals.join(', ')})` : `EXECUTE ${name}` };
  }
}
