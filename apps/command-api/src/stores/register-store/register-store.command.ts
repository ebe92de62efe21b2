import type { WriteContext } from '@inventory/platform';
import type { RegisterStoreRequest } from './register-store.request.dto';

export class RegisterStoreCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: RegisterStoreRequest,
  ) {}
}
