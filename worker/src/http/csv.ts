// Every CSV the worker writes goes through here, each record written by d3-dsv: RFC 4180 (CRLF
// record ends, a field quoted when it holds a comma, a quote, a CR or an LF, quotes doubled), one
// header row, every row as wide as the header, and nothing after the last record. Notes about a
// table never go in the file (a one-cell row breaks strict readers): they are served beside it (see
// programme/reports' disclosure note and its Link header).
// d3-dsv rather than csv-stringify: a few hundred bytes in the Worker bundle instead of 34 KB (the
// latter's browser build carries a Buffer and stream polyfill; ADR 0019).
import { csvFormatRow } from "d3-dsv";

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
  // Booleans print as true/false, null and undefined as an empty field.
  const text = (v: CsvCell) =>
    v == null ? "" : opts.neutraliseFormulas && typeof v === "string" ? spreadsheetText(v) : String(v);
  // One record at a time: d3-dsv joins records with LF, RFC 4180 wants CRLF after every record.
  const records = [header, ...rows].map((row) => `${csvFormatRow(row.map(text))}\r\n`);
  return (opts.bom ? "\uFEFF" : "") + records.join("");
}
