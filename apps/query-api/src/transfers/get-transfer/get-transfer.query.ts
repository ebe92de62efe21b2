export class GetTransferQuery {
  constructor(readonly transferId: string) {}
}
