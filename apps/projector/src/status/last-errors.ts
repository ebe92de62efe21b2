import { Injectable } from '@nestjs/common';

export interface LastError {
  message: string;
  at: string;
}

/** The most recent failure of each projection (a batch, a consumer, a rebuild), for the status. */
@Injectable()
export class LastErrors {
  private readonly errors = new Map<string, LastError>();

  record(projection: string, error: unknown, now = new Date()): void {
    const message = error instanceof Error ? error.message : String(error);
    this.errors.set(projection, { message: message.slice(0, 1000), at: now.toISOString() });
  }

  of(projection: string): LastError | null {
    return this.errors.get(projection) ?? null;
  }
}
