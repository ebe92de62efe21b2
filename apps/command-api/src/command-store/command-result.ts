import type { FastifyReply } from 'fastify';
import type { CommandResult } from './pending-event';

/** Sends a command's outcome exactly as stored, so a replay is byte-for-byte the first answer. */
export function sendCommandResult(reply: FastifyReply, result: CommandResult): void {
  void reply.status(result.status).headers(result.headers).send(result.body);
}
