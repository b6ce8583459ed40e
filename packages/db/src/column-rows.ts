/**
 * Rows as one JSON parameter keyed by column name, for `json_populate_recordset(null::<table>, $1)`:
 * a batch's rows in one statement whose text and parameters do not grow with the batch (one
 * prepared statement serves every size). drizzle's building of a multi-row insert cost about
 * 15 µs per row and column, more than Postgres's work on it. A key left out inserts NULL, not the
 * column's default: name in the statement only the columns every row gives.
 */
export function columnRows(rows: readonly object[]): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [columnName(key), value]))));
}

const columnNames = new Map<string, string>();

/** The snake_case column a drizzle property names (the schema's `casing: 'snake_case'`); kept, being asked for every row of every batch. */
export function columnName(property: string): string {
  let column = columnNames.get(property);
  if (column === undefined) columnNames.set(property, (column = property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)));
  return column;
}
