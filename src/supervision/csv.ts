import { stringify } from 'csv-stringify/sync';
import { toLocalDate } from '../clocks/index.js';

/** The media type of every CSV export. */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/** A column of a CSV export: the Chinese header and how a row gives its cell. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

/**
 * A CSV document (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break) with a
 * UTF-8 byte order mark, so that Excel in China opens the Chinese headers and values as UTF-8. Text cells that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with
 * a single quote; numbers stay numbers. Instants are written in China Standard Time, `YYYY-MM-DD HH:mm`.
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const records: Array<Array<string | number>> = [columns.map((c) => guard(c.header))];
  for (const row of rows) records.push(columns.map((c) => cell(c.value(row))));
  return stringify(records, { bom: true, record_delimiter: 'windows' });
}

/** An instant as China Standard Time, `YYYY-MM-DD HH:mm`; empty for none. */
export function chinaDateTime(instant: Date | null | undefined): string {
  if (!instant) return '';
  const shifted = new Date(instant.getTime() + 8 * 3600_000);
  return `${toLocalDate(instant)} ${shifted.toISOString().slice(11, 16)}`;
}

// helpers ////

function cell(value: string | number | boolean | Date | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return chinaDateTime(value);
  return guard(value);
}

/** Neutralises text a spreadsheet would read as a formula (OWASP CSV injection). */
function guard(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
