/** A timestamptz column as ISO 8601 UTC with milliseconds, the way the API writes times. */
export function isoMillis(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The same with microseconds: exact enough to page on, as PostgreSQL keeps time to the microsecond. */
export function isoMicros(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
