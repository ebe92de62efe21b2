import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database } from '@inventory/persistence';
import { NotFound } from '@inventory/platform';
import { GetIdempotencyRecordQuery } from './get-idempotency-record.query';

export interface IdempotencyRecordView {
  key: string;
  method: string;
  path: string;
  status: number;
  response: { body: unknown; headers: Record<string, string> };
  createdAt: string;
  expiresAt: string;
}

@QueryHandler(GetIdempotencyRecordQuery)
export class GetIdempotencyRecordHandler implements IQueryHandler<
  GetIdempotencyRecordQuery,
  IdempotencyRecordView
> {
  constructor(private readonly database: Database) {}

  async execute({ principal, key }: GetIdempotencyRecordQuery): Promise<IdempotencyRecordView> {
    const rows = await this.database.query<IdempotencyRecordView>(
      `SELECT key, method, path, status, response::json AS response,
              to_json(created_at) #>> '{}' AS "createdAt", to_json(expires_at) #>> '{}' AS "expiresAt"
         FROM command.idempotency_keys
        WHERE principal = $1 AND key = $2 AND expires_at > now()`,
      [principal, key],
    );
    const record = rows[0];
    if (!record) throw new NotFound('IDEMPOTENCY.NOT_FOUND', `no stored outcome for key ${key}`);
    return record;
  }
}
