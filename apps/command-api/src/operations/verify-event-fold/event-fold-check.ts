import type { Pool, PoolClient } from 'pg';
import { STREAM_SPECS, type StreamSpec } from './stream-specs';

export interface FoldDiscrepancy {
  streamType: string;
  id: string;
  stored: unknown;
  folded: unknown;
}

export interface FoldReport {
  streams: number;
  events: number;
  discrepancies: FoldDiscrepancy[];
}

const PAGE = 20_000;

interface EventRow {
  stream_id: string;
  stream_version: number;
  event_type: string;
  payload: unknown;
}

/**
 * Re-derives every state row by folding its event stream with the domain's own `evolve`, and reports
 * each row whose stored state differs, each row with no stream, and each stream with no row. Runs in
 * one repeatable-read snapshot, so concurrent commands (which write state and events atomically)
 * never show up as false discrepancies. `onlyIds` limits the check to some aggregates.
 */
export async function checkEventFold(pool: Pool, onlyIds?: ReadonlySet<string>): Promise<FoldReport> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const report: FoldReport = { streams: 0, events: 0, discrepancies: [] };
    for (const spec of STREAM_SPECS) await checkStreamType(client, spec, report, onlyIds);
    await client.query('COMMIT');
    return report;
  } finally {
    client.release();
  }
}

async function checkStreamType(
  client: PoolClient,
  spec: StreamSpec,
  report: FoldReport,
  onlyIds?: ReadonlySet<string>,
): Promise<void> {
  const wanted = (id: string) => !onlyIds || onlyIds.has(id);
  const { rows } = await client.query<{ id: string; state: Record<string, unknown> }>(spec.stateRowsSql);
  const stored = new Map(rows.filter((row) => wanted(row.id)).map((row) => [row.id, row.state]));
  const compare = (id: string, events: Array<{ type: string; data: unknown }>) => {
    if (!wanted(id)) return;
    report.streams++;
    const folded = spec.fold(id, events);
    const state = stored.get(id);
    stored.delete(id);
    if (JSON.stringify(state) !== JSON.stringify(folded)) {
      report.discrepancies.push({ streamType: spec.streamType, id, stored: state ?? null, folded });
    }
  };

  let after: [string, number] = ['', 0];
  let current: { id: string; events: Array<{ type: string; data: unknown }> } | undefined;
  for (;;) {
    const page = await client.query<EventRow>(
      `SELECT stream_id, stream_version, event_type, payload FROM command.events
        WHERE stream_type = $1 AND (stream_id, stream_version) > ($2, $3)
        ORDER BY stream_id, stream_version LIMIT $4`,
      [spec.streamType, after[0], after[1], PAGE],
    );
    for (const row of page.rows) {
      if (current && current.id !== row.stream_id) compare(current.id, current.events);
      if (!current || current.id !== row.stream_id) current = { id: row.stream_id, events: [] };
      current.events.push({ type: row.event_type, data: row.payload });
    }
    report.events += page.rows.length;
    if (page.rows.length < PAGE) break;
    const last = page.rows[page.rows.length - 1]!;
    after = [last.stream_id, last.stream_version];
  }
  if (current) compare(current.id, current.events);
  for (const [id, state] of stored) {
    report.discrepancies.push({ streamType: spec.streamType, id, stored: state, folded: null });
  }
}
