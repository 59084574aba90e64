import { checkResidentId } from '../forms/resident-id.js';
import { chinaDateOf, parseCalendarDate } from './calendar-date.js';
import { RECORD_TYPE_LABELS, parseRecordType, type RecordType } from './record-types.js';
import { localize } from '../language.js';

/** The fields of a register entry as an administrator types them, before validation. */
export interface RawRecordFields {
  /** The 18-character resident ID number; empty or absent when the record only carries a name. */
  residentId?: string | null;
  name: string;
  /** A record type id or its Chinese label, e.g. `custody-education` or `收容教育`. */
  recordType: string;
  /** The day of the decision or event, `YYYY-MM-DD` (also `YYYY/M/D`, `YYYY年M月D日`, `YYYYMMDD`). */
  occurredOn: string;
  note?: string | null;
}

/** The fields of a register entry after validation and normalisation. */
export interface RecordFields {
  residentId: string | null;
  name: string;
  recordType: RecordType;
  occurredOn: string;
  note: string | null;
}

/** One problem found in a field of a register entry. */
export interface FieldProblem {
  field: keyof RawRecordFields;
  message: string;
}

/** Longest name the register stores. */
export const MAX_NAME_LENGTH = 64;
/** Longest note the register stores. */
export const MAX_NOTE_LENGTH = 500;

/**
 * Validates and normalises the fields of one register entry: a resident ID number, when given, must be valid
 * (format, birth date and check character); the name is required; the record type must be known; the date must
 * be a real day, not after today (in China at the instant `now`) and not before the birth date in the resident ID number.
 */
export function validateRecordFields(raw: RawRecordFields, now: Date): { fields: RecordFields | null; problems: FieldProblem[] } {
  const today = chinaDateOf(now);
  const problems: FieldProblem[] = [];
  const problem = (field: FieldProblem['field'], message: string) => problems.push({ field, message });

  const residentIdText = normalizeResidentId(String(raw.residentId ?? ''));
  let residentId: string | null = null;
  if (residentIdText !== '') {
    const check = checkResidentId(residentIdText, { now });
    if (check.valid) residentId = check.id;
    else problem('residentId', localize(`'${residentIdText}' is not a valid resident ID number: it ${check.message}`, `“${residentIdText}”不是有效的公民身份号码：${check.message}`));
  }

  const name = normalizeName(String(raw.name ?? ''));
  if (name === '') problem('name', localize('is required', '姓名为必填项'));
  else if ([...name].length > MAX_NAME_LENGTH) problem('name', localize(`is longer than ${MAX_NAME_LENGTH} characters`, `姓名不得超过 ${MAX_NAME_LENGTH} 个字符`));

  const typeText = String(raw.recordType ?? '').trim();
  const recordType = typeText === '' ? null : parseRecordType(typeText);
  if (typeText === '') problem('recordType', localize('is required', '记录类型为必填项'));
  else if (recordType === null) {
    const hint = /^刑事处罚$|^criminal-punishment$/i.test(typeText)
      ? localize('say whether the crime was intentional (故意犯罪刑事处罚) or negligent (过失犯罪刑事处罚)', '须写明是故意犯罪刑事处罚还是过失犯罪刑事处罚')
      : localize(`use one of ${Object.values(RECORD_TYPE_LABELS).join(', ')}`, `须为以下之一：${Object.values(RECORD_TYPE_LABELS).join('、')}`);
    problem('recordType', localize(`'${typeText}' is not a known record type; ${hint}`, `“${typeText}”不是规定的记录类型，${hint}`));
  }

  const dateText = String(raw.occurredOn ?? '').trim();
  const occurredOn = dateText === '' ? null : parseCalendarDate(dateText);
  if (dateText === '') problem('occurredOn', localize('is required', '发生日期为必填项'));
  else if (occurredOn === null) problem('occurredOn', localize(`'${dateText}' is not a date; use YYYY-MM-DD`, `“${dateText}”不是有效日期，请按 YYYY-MM-DD 填写`));
  else if (occurredOn > today) problem('occurredOn', localize(`${occurredOn} is in the future`, `${occurredOn} 晚于今天`));
  else if (residentId !== null && occurredOn < birthDateIn(residentId)) {
    problem('occurredOn', localize(`${occurredOn} is before the birth date ${birthDateIn(residentId)} in the resident ID number`, `${occurredOn} 早于公民身份号码中的出生日期 ${birthDateIn(residentId)}`));
  }

  const noteText = String(raw.note ?? '').trim();
  if ([...noteText].length > MAX_NOTE_LENGTH) problem('note', localize(`is longer than ${MAX_NOTE_LENGTH} characters`, `备注不得超过 ${MAX_NOTE_LENGTH} 个字符`));

  if (problems.length > 0 || recordType === null || occurredOn === null) return { fields: null, problems };
  return { fields: { residentId, name, recordType, occurredOn, note: noteText === '' ? null : noteText }, problems };
}

/** A name without surrounding whitespace and with inner runs of whitespace (full-width spaces too) made one space. */
export function normalizeName(name: string): string {
  return name.replace(/[\s\u3000]+/g, ' ').trim();
}

/** `value` without surrounding whitespace and with a lower-case check character `x` made upper-case. */
export function normalizeResidentId(value: string): string {
  return value.trim().toUpperCase();
}

// helpers ////

function birthDateIn(residentId: string): string {
  return `${residentId.slice(6, 10)}-${residentId.slice(10, 12)}-${residentId.slice(12, 14)}`;
}
