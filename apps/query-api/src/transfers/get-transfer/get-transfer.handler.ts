import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { NotFound } from '@inventory/platform';
import { GetTransferQuery } from './get-transfer.query';

export interface TransferView {
  transferId: string;
  fromStore: string;
  toStore: string;
  lines: Array<{ sku: string; qty: number }>;
  status: string;
  failureReason: string | null;
  version: number;
}

const BY_ID = `
  SELECT transfer_id AS "transferId", from_store AS "fromStore", to_store AS "toStore", lines, status,
         failure_reason AS "failureReason", version
    FROM read.transfer_view WHERE transfer_id = $1`;

/** Ids the server never issued are not found without a query, like unknown UUIDs after one. */
@QueryHandler(GetTransferQuery)
export class GetTransferHandler implements IQueryHandler<GetTransferQuery, TransferView> {
  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async execute({ transfer }: GetTransferQuery): Promise<TransferView> {
    const [row] =
      transfer.kind === 'uuid' ? await this.database.query<TransferView>(BY_ID, [transfer.id]) : [];
    if (!row) throw new NotFound('TRANSFER.NOT_FOUND', `transfer ${transfer.id} is not known (yet)`);
    return row;
  }
}
