import { CsvError, parse } from 'csv-parse/sync';
import { validateRecordFields, type RawRecordFields, type RecordFields } from './entry-validation.js';
import { localize } from '../language.js';

/** Most data rows one CSV file may hold. */
export const MAX_IMPORT_ROWS = 50_000;

/** One problem in an imported file: where it is (1-based file line, the column as headed in the file) and what. */
export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

/** A valid data row of an imported file, with the file line it starts on. */
export interface ImportRow extends RecordFields {
  line: number;
}

/** What {@link readRecordsCsv} found: the valid rows, every problem, and whether the file has too many rows. */
export interface ReadRecordsCsvResult {
  rows: ImportRow[];
  problems: ImportProblem[];
  /** True when the file has more than {@link MAX_IMPORT_ROWS} data rows; reading stopped there. */
  tooLarge: boolean;
}

/**
 * Reads a CSV file of register entries: UTF-8 with or without BOM; a header row naming the columns
 * `resident_id,name,record_type,occurred_on,note` (or `身份证号,姓名,记录类型,发生日期,备注`, in any order, `note`
 * optional); then one entry per row, each validated as {@link validateRecordFields} does at the instant `now`. Blank rows are ignored.
 */
export function readRecordsCsv(input: string | Buffer, now: Date): ReadRecordsCsvResult {
  const decoded = decode(input);
  if ('problem' in decoded) return { rows: [], problems: [decoded.problem], tooLarge: false };

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(decoded.text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      to: MAX_IMPORT_ROWS + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as unknown as { lines: number }).lines : 1;
    return { rows: [], problems: [{ line, message: localize(`The file is not valid CSV: ${err.message}`, `文件不是有效的 CSV 格式：${err.message}`) }], tooLarge: false };
  }

  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { rows: [], problems: [{ line: 1, message: localize('The file is empty; a header row is required', '文件为空，须包含表头行') }], tooLarge: false };
  if (dataRecords.length > MAX_IMPORT_ROWS) {
    const line = firstLineOf(dataRecords[MAX_IMPORT_ROWS] ?? headerRecord);
    return {
      rows: [],
      problems: [{ line, message: localize(`The file has more than ${MAX_IMPORT_ROWS} rows; split it into files of at most ${MAX_IMPORT_ROWS} rows`, `文件超过 ${MAX_IMPORT_ROWS} 行，请拆分为每个不超过 ${MAX_IMPORT_ROWS} 行的文件`) }],
      tooLarge: true,
    };
  }

  const header = readHeader(headerRecord.record.map(clean), firstLineOf(headerRecord));
  if ('problems' in header) return { rows: [], problems: header.problems, tooLarge: false };

  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  for (const entry of dataRecords) {
    const line = firstLineOf(entry);
    const cells = entry.record.map(clean);
    const extra = cells.slice(header.headings.length).filter((c) => c !== '');
    if (extra.length > 0) {
      problems.push({ line, message: localize(`The row has ${cells.length} fields but the header only ${header.headings.length}`, `该行有 ${cells.length} 个字段，而表头只有 ${header.headings.length} 列`) });
      continue;
    }
    const raw: RawRecordFields = { residentId: '', name: '', recordType: '', occurredOn: '', note: '' };
    header.fields.forEach((field, i) => {
      if (field) raw[field] = cells[i] ?? '';
    });
    const { fields, problems: found } = validateRecordFields(raw, now);
    for (const p of found) problems.push({ line, column: header.headings[header.fields.indexOf(p.field)] ?? COLUMN_NAMES[p.field], message: p.message });
    if (fields) rows.push({ line, ...fields });
  }
  return { rows, problems, tooLarge: false };
}

// helpers ////

type Field = keyof RawRecordFields;

const COLUMN_NAMES: Record<Field, string> = {
  residentId: 'resident_id',
  name: 'name',
  recordType: 'record_type',
  occurredOn: 'occurred_on',
  note: 'note',
};

const REQUIRED: readonly Field[] = ['residentId', 'name', 'recordType', 'occurredOn'];

/** Accepted headings, compared without case, spaces, `_`, `-` and a leading `*` (a required-field marker). */
const HEADINGS = new Map<string, Field>([
  ['residentid', 'residentId'],
  ['身份证号', 'residentId'],
  ['身份证号码', 'residentId'],
  ['公民身份号码', 'residentId'],
  ['name', 'name'],
  ['姓名', 'name'],
  ['recordtype', 'recordType'],
  ['记录类型', 'recordType'],
  ['occurredon', 'occurredOn'],
  ['发生日期', 'occurredOn'],
  ['note', 'note'],
  ['备注', 'note'],
]);

const EXPECTED_HEADER = 'resident_id,name,record_type,occurred_on,note (or 身份证号,姓名,记录类型,发生日期,备注)';

function readHeader(headings: string[], line: number): { headings: string[]; fields: Array<Field | null> } | { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fields: Array<Field | null> = [];
  const seen = new Set<Field>();
  for (const heading of headings) {
    if (heading === '') {
      fields.push(null);
      continue;
    }
    const field = HEADINGS.get(heading.toLowerCase().replace(/^\*/, '').replace(/[\s_-]+/g, ''));
    if (!field) problems.push({ line, column: heading, message: localize(`Unknown column '${heading}'; the header must be ${EXPECTED_HEADER}`, `无法识别的列“${heading}”，表头须为 ${EXPECTED_HEADER}`) });
    else if (seen.has(field)) problems.push({ line, column: heading, message: localize(`Column '${heading}' appears twice`, `列“${heading}”重复出现`) });
    if (field) seen.add(field);
    fields.push(field ?? null);
  }
  const missing = REQUIRED.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    const looksLikeData = headings.some((h) => /^\d{17}[\dXx]$/.test(h));
    const message = looksLikeData
      ? localize(`The first row must be the header row ${EXPECTED_HEADER}`, `第一行须为表头行 ${EXPECTED_HEADER}`)
      : localize(`The header lacks the column(s) ${missing.map((f) => COLUMN_NAMES[f]).join(', ')}; it must be ${EXPECTED_HEADER}`, `表头缺少 ${missing.map((f) => COLUMN_NAMES[f]).join('、')} 列，表头须为 ${EXPECTED_HEADER}`);
    problems.push({ line, message });
  }
  return problems.length > 0 ? { problems } : { headings, fields };
}

/** The file line a record starts on: csv-parse reports the line it ends on, so quoted line breaks are taken off. */
function firstLineOf(entry: { record: string[]; info: { lines: number } }): number {
  const breaks = entry.record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  return entry.info.lines - breaks;
}

function clean(cell: string): string {
  return cell.replace(/^[\s\u3000\uFEFF]+|[\s\u3000]+$/g, '');
}

function decode(input: string | Buffer): { text: string } | { problem: ImportProblem } {
  if (typeof input === 'string') return { text: input };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(input);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
    const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    return { problem: { line, message: localize('The file is not UTF-8 text (perhaps GBK); save it as "CSV UTF-8" and import it again', '文件不是 UTF-8 编码（可能为 GBK），请另存为“CSV UTF-8”格式后重新导入') } };
  }
}
