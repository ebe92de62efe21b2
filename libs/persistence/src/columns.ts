/**
 * Rows as one array per field, in the rows' order: the parameters of a multi-row statement that reads
 * them back with `unnest($1::…[], $2::…[], …)`.
 */
export function columns<Row>(rows: readonly Row[], ...fields: Array<(row: Row) => unknown>): unknown[][] {
  return fields.map((field) => rows.map(field));
}
