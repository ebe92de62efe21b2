import type { WriteContext } from '@inventory/platform';
import type { SetAbsoluteRequest } from './set-absolute.request.dto';

export class SetAbsoluteCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: SetAbsoluteRequest,
  ) {}
}
