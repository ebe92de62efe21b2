import type { StoreState } from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';

export const presentRegisteredStore: Presenter<StoreState> = ({ state }) => ({
  status: 202,
  body: { storeId: state.storeId, name: state.name, latencyMs: state.latencyMs, version: state.version },
  headers: { etag: `"${state.version}"` },
});
