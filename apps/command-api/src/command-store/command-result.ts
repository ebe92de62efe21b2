import type { FastifyReply } from 'fastify';
import type { Outcome } from './repository';

/** An HTTP answer to a write: what is sent, and what is stored under the key for replays. */
export interface CommandResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A slice's mapping from what its handler decided to the HTTP answer (status, ETag, Location, body). */
export type Presenter<State> = (outcome: Outcome<State>) => CommandResult;

/** Sends a command's outcome exactly as stored, so a replay is byte-for-byte the first answer. */
export function sendCommandResult(reply: FastifyReply, result: CommandResult): void {
  void reply.status(result.status).headers(result.headers).send(result.body);
}
