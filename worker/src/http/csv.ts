// Every CSV the worker writes goes through here, written by csv-stringify: RFC 4180 (CRLF record
// ends, a field quoted when it holds a comma, a quote or a line break, quotes doubled), one header
// row, every row as wide as the header, and nothing after the last record. Notes about a table
// never go in the file (a one-cell row breaks strict readers): they are served beside it (see
// programme/reports' disclosure note and its Link header).
// The package's browser build: its Node build uses the Buffer global, which Workers lack
// (no nodejs_compat flag); the browser build carries its own.
import { stringify } from "csv-stringify/browser/esm/sync";

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so Excel reads Chinese (files meant for spreadsheets). */
  bom?: boolean;
  /**
   * Text cells a spreadsheet would run as a formula (leading = + - @, tab or CR) get a leading
   * apostrophe so they stay text (OWASP "CSV injection"). Numbers are written as numbers.
   */
  neutraliseFormulas?: boolean;
}

const FORMULA = /^[=+\-@\t\r]/;

/** A text cell made safe for a spreadsheet (see CsvOptions.neutraliseFormulas). */
export const spreadsheetText = (value: string) => (FORMULA.test(value) ? `'${value}` : value);

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  opts: CsvOptions = {},
) {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length)
      throw new RangeError(`CSV row ${i + 1} has ${row.length} cells; the header has ${header.length}`);
  }
  return stringify([header as CsvCell[], ...(rows as CsvCell[][])], {
    bom: opts.bom ?? false,
    record_delimiter: "\r\n",
    // csv-stringify quotes a field holding the delimiter, a quote or the record delimiter (CRLF);
    // RFC 4180 wants a lone CR or LF quoted too.
    quoted_match: /[\r\n]/,
    eof: true,
    cast: {
      string: (v) => (opts.neutraliseFormulas ? spreadsheetText(v) : v),
      boolean: (v) => (v ? "true" : "false"),
    },
  });
}
