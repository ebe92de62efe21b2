import type { RegisterStore } from '@inventory/domain';
import type { RegisterStoreRequest } from './register-store.request.dto';

export function registerStoreCommand(request: RegisterStoreRequest): RegisterStore {
  const { storeId, name } = request;
  return { type: 'RegisterStore', data: { storeId, name, latencyMs: request.latencyMs ?? 0 } };
}
