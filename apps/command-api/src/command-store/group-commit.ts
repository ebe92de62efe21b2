import { DomainError } from '@inventory/domain';
import type { CommandTx, Database } from '@inventory/persistence';
import { ProblemError, type WriteContext } from '@inventory/platform';
import { BatchRows, type RowNeeds } from './batch-rows';
import type { CommandResult } from './command-result';
import { eventColumns, type CausedEvents } from './event-envelopes';
import { claimKeys, rememberColumns } from './idempotency-claim';
import { APPEND_AND_REMEMBER } from './idempotency.sql';
import type { OutboxNotifier } from './outbox-notifier';
import type { PendingEvent } from './pending-event';
import { refusalAnswer } from './refusal';

/** A command's answer and events, and how to keep its new state in the batch's rows. */
export interface BatchAnswer {
  answer: CommandResult;
  events: PendingEvent[];
  keep(): void;
}

/** One HTTP write waiting for its batch. */
export interface BatchCommand {
  context: WriteContext;
  needs: RowNeeds;
  /** Decides and presents the command against the batch's rows (a domain refusal throws). */
  decide(rows: BatchRows): BatchAnswer;
  /** The same command in a transaction of its own: how it runs when its batch fails. */
  alone(): Promise<CommandResult>;
}

export type Settled = { result: CommandResult } | { error: unknown };

interface Waiting {
  command: BatchCommand;
  settle(outcome: Settled): void;
}

const keyOf = ({ principal, idempotencyKey }: WriteContext) => `${principal.id}\n${idempotencyKey}`;

/**
 * Group commit: the HTTP writes that arrive while a batch's transaction is in flight form the next
 * batch. One transaction claims every key, locks every row the batch needs (in the global lock order),
 * decides each command in arrival order against the batch's evolving rows, writes them with multi-row
 * statements along with every event, outbox row and stored answer, and commits once. A lone command
 * on an idle system goes at once: there is no timer, only the transaction in flight to wait for.
 *
 * A domain refusal is that command's stored answer, never its neighbours' failure. A batch that fails
 * for any other reason (deadlock, serialization, a constraint, a statement error) runs its commands
 * again one by one, each in its own transaction with the usual retries, so one bad command fails
 * alone.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly database: Database,
    private readonly notifier: OutboxNotifier,
    private readonly limit: number,
    private readonly retentionHours: number,
  ) {}

  submit(command: BatchCommand): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        command,
        settle: (outcome) => ('result' in outcome ? resolve(outcome.result) : reject(outcome.error)),
      });
      if (!this.draining) void this.drain();
    });
  }

  /** Runs `commands` as one batch, or one by one when the batch fails; never rejects. */
  async runTogether(commands: BatchCommand[]): Promise<Settled[]> {
    try {
      const { settled, events } = await this.database.pipelined((tx) => this.decideAll(tx, commands));
      if (events > 0) this.notifier.poke();
      return settled;
    } catch {
      const settled: Settled[] = [];
      for (const command of commands)
        settled.push(
          await command.alone().then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          ),
        );
      return settled;
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.next();
        const settled = await this.runTogether(batch.map((waiting) => waiting.command));
        batch.forEach((waiting, i) => waiting.settle(settled[i]!));
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * The next batch: the oldest commands, up to the limit. A second request with a key already in the
   * batch waits for the next one, where it finds the first's answer to replay.
   */
  private next(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    const left: Waiting[] = [];
    for (const waiting of this.queue) {
      const key = keyOf(waiting.command.context);
      if (batch.length < this.limit && !keys.has(key)) {
        batch.push(waiting);
        keys.add(key);
      } else left.push(waiting);
    }
    this.queue = left;
    return batch;
  }

  private async decideAll(tx: CommandTx, commands: BatchCommand[]) {
    const claims = claimKeys(
      tx,
      commands.map((command) => command.context),
    );
    // Awaited below; a failed round trip rejects it along with the locks.
    claims.catch(() => undefined);
    const rows = await BatchRows.lock(
      tx,
      commands.map((command) => command.needs),
    );
    const claimed = await claims;
    const settled: Settled[] = [];
    const decided: Array<CausedEvents & { context: WriteContext; answer: CommandResult }> = [];
    commands.forEach((command, i) => {
      const claim = claimed[i];
      if (claim instanceof ProblemError) settled.push({ error: claim });
      else if (claim) settled.push({ result: claim });
      else {
        const { answer, events } = decideOrRefuse(rows, command);
        decided.push({ context: command.context, cause: command.context, answer, events });
        settled.push({ result: answer });
      }
    });
    rows.write(tx);
    if (decided.length > 0)
      tx.defer(APPEND_AND_REMEMBER, [
        ...eventColumns(decided),
        ...rememberColumns(decided, this.retentionHours),
      ]);
    return { settled, events: decided.reduce((sum, { events }) => sum + events.length, 0) };
  }
}

/** A domain refusal is a deterministic answer: stored under the key like a success, keeping nothing. */
function decideOrRefuse(
  rows: BatchRows,
  command: BatchCommand,
): { answer: CommandResult; events: PendingEvent[] } {
  try {
    const { answer, events, keep } = command.decide(rows);
    keep();
    return { answer, events };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { answer: refusalAnswer(error, command.context.path), events: [] };
  }
}
