import { Injectable } from '@nestjs/common';
import { DomainError } from '@inventory/domain';
import { Database, type CommandTx } from '@inventory/persistence';
import { AppConfig, type WriteContext } from '@inventory/platform';
import { BacklogGuard } from './backlog-guard';
import type { CommandResult, Presenter } from './command-result';
import { eventColumns } from './event-envelopes';
import { GroupCommit, type BatchCommand } from './group-commit';
import { claimKey, rememberColumns } from './idempotency-claim';
import { APPEND, APPEND_AND_REMEMBER } from './idempotency.sql';
import { OutboxNotifier } from './outbox-notifier';
import type { InternalCause, PendingEvent } from './pending-event';
import { refusalAnswer } from './refusal';
import type { CommandHandler, Outcome } from './repository';

type Work<State> = (tx: CommandTx) => Promise<Outcome<State>>;

/** Errors after which the whole command can safely run again from the start. */
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const MAX_ATTEMPTS = 3;

/**
 * Runs HTTP writes in batches (GroupCommit), and a command on its own as one transaction: the key's
 * claim, the handler's locks, reads and decision, then its writes + events + outbox rows + the stored
 * answer, then commit and a relay wake-up. A batch falls back on the latter, command by command.
 *
 * The transaction is pipelined (Database.pipelined): the claim travels with the handler's first
 * statement (`BEGIN; claim; lock`), and the handler's writes with the events, the stored answer and
 * COMMIT, so a single-item command is two round trips.
 */
@Injectable()
export class CommandStore {
  readonly group: GroupCommit;

  constructor(
    private readonly database: Database,
    private readonly notifier: OutboxNotifier,
    private readonly config: AppConfig,
    private readonly backlog: BacklogGuard,
  ) {
    const { commands, idempotency } = config;
    this.group = new GroupCommit(database, notifier, commands.batchLimit, idempotency.retentionHours);
  }

  /** A slice's command through its handler, answered by its presenter, in the next batch. */
  run<Command, State>(
    context: WriteContext,
    handler: CommandHandler<Command, State>,
    command: Command,
    present: Presenter<State>,
  ): Promise<CommandResult> {
    this.backlog.assertRoom();
    return this.group.submit(this.batchCommand(context, handler, command, present));
  }

  /** A command as a batch runs it, and as it runs alone when its batch fails. */
  batchCommand<Command, State>(
    context: WriteContext,
    handler: CommandHandler<Command, State>,
    command: Command,
    present: Presenter<State>,
  ): BatchCommand {
    const step = handler.batched(command);
    return {
      context,
      needs: step.needs,
      decide: (rows) => {
        const { outcome, keep } = step.decide(rows);
        return { answer: present(outcome), events: outcome.events, keep };
      },
      alone: () => this.execute(context, (tx) => handler.execute(tx, command), present),
    };
  }

  /** An HTTP write: at most once per (principal, Idempotency-Key), its answer stored for replays. */
  async execute<State>(
    context: WriteContext,
    work: Work<State>,
    present: Presenter<State>,
  ): Promise<CommandResult> {
    this.backlog.assertRoom();
    return this.withRetries(async (tx) => {
      const claimed = claimKey(tx, context);
      // Awaited below; a failed batch rejects it along with the handler's statement.
      claimed.catch(() => undefined);
      const decided = await this.decideOrRefuse(tx, context.path, work, present);
      if (tx.hasQueuedReads()) await tx.flush();
      // The key answers first: a replay, a twin still in flight or a reused key, whatever the handler found.
      const replay = await claimed;
      if (replay) {
        tx.discardDeferred();
        return { result: replay, events: [] };
      }
      if ('failure' in decided) throw decided.failure;
      const { answer, events } = decided;
      tx.defer(APPEND_AND_REMEMBER, [
        ...eventColumns([{ events, cause: context }]),
        ...rememberColumns([{ context, answer }], this.config.idempotency.retentionHours),
      ]);
      return { result: answer, events };
    });
  }

  /** A write with no request behind it (expiry sweeper, saga step): domain refusals propagate. */
  async executeInternal<State>(
    cause: InternalCause | WriteContext,
    work: Work<State>,
  ): Promise<Outcome<State>> {
    return this.withRetries(async (tx) => {
      const outcome = await work(tx);
      if (outcome.events.length > 0) tx.defer(APPEND, eventColumns([{ events: outcome.events, cause }]));
      return { result: outcome, events: outcome.events };
    });
  }

  private async withRetries<Result>(
    run: (tx: CommandTx) => Promise<{ result: Result; events: PendingEvent[] }>,
  ): Promise<Result> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, events } = await this.database.pipelined(run);
        if (events.length > 0) this.notifier.poke();
        return result;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  /** A domain refusal is a deterministic answer: it is stored under the key like a success. */
  private async decideOrRefuse<State>(
    tx: CommandTx,
    path: string,
    work: Work<State>,
    present: Presenter<State>,
  ): Promise<{ answer: CommandResult; events: PendingEvent[] } | { failure: unknown }> {
    try {
      const outcome = await work(tx);
      return { answer: present(outcome), events: outcome.events };
    } catch (error) {
      if (!(error instanceof DomainError)) return { failure: error };
      // A refusal writes nothing but its stored answer.
      tx.discardDeferred();
      return { answer: refusalAnswer(error, path), events: [] };
    }
  }
}
