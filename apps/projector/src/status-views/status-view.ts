import type { ConsumedEvent } from '@inventory/messaging';
import type { Projection, ProjectionWrites } from '../projections/projection';

interface VersionedEvent {
  type: string;
  data: { version: number };
}

/**
 * A view with one row per aggregate (reservations, transfers), folded with the domain's own `evolve`.
 * An aggregate created in this batch is upserted whole; one created earlier only gets its changed
 * columns. Both are guarded by version, so redelivery and replays never move a row backwards.
 */
export interface StatusViewSpec<S extends { version: number }, E extends VersionedEvent> {
  name: string;
  topics: readonly string[];
  table: string;
  creation: E['type'];
  idOf(event: E): string;
  initial(id: string, event: E): S;
  evolve(state: S, event: E): S;
  upsert: { sql(schema: string): string; columns(states: S[]): unknown[] };
  update: { sql(schema: string): string; columns(states: S[]): unknown[] };
}

export class StatusViewProjection<
  S extends { version: number },
  E extends VersionedEvent,
> implements Projection {
  readonly name: string;
  readonly topics: readonly string[];
  readonly tables: string[];

  constructor(private readonly spec: StatusViewSpec<S, E>) {
    this.name = spec.name;
    this.topics = spec.topics;
    this.tables = [spec.table];
  }

  write(tx: ProjectionWrites, events: ConsumedEvent[], schema: string): void {
    const byId = new Map<string, { full: boolean; state: S }>();
    for (const { envelope } of events) {
      const event = { type: envelope.eventType, data: envelope.payload } as unknown as E;
      const id = this.spec.idOf(event);
      const known = byId.get(id) ?? { full: false, state: this.spec.initial(id, event) };
      if (event.data.version <= known.state.version) continue;
      const full = known.full || event.type === this.spec.creation;
      byId.set(id, { full, state: this.spec.evolve(known.state, event) });
    }
    const changes = [...byId.values()];
    const full = changes.filter((c) => c.full).map((c) => c.state);
    const partial = changes.filter((c) => !c.full).map((c) => c.state);
    if (full.length > 0) tx.defer(this.spec.upsert.sql(schema), this.spec.upsert.columns(full));
    if (partial.length > 0) tx.defer(this.spec.update.sql(schema), this.spec.update.columns(partial));
  }
}
