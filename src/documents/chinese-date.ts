/** Dates as printed on official documents, in China Standard Time (UTC+08:00, no daylight saving). */
import { ValidationError } from '../errors.js';
import { localize } from '../language.js';

/**
 * A date in the style of a document's signature block, with Chinese numerals: `二〇二六年十一月二十二日`.
 * A `Date` is read as an instant and converted to the calendar date in UTC+08:00 (so 2026-12-31T20:00:00Z is
 * `二〇二七年一月一日`); a string must be a calendar date `YYYY-MM-DD` and is taken as is. An invalid date throws
 * `ValidationError` (`DOCUMENT_DATA_INVALID`).
 */
export function formatChineseDate(value: Date | string): string {
  const { year, month, day } = calendarDate(value);
  const yearText = String(year)
    .split('')
    .map((digit) => DIGITS[Number(digit)] ?? '')
    .join('');
  return `${yearText}年${smallNumber(month)}月${smallNumber(day)}日`;
}

/**
 * A date in the style of a document's body text, with Arabic numerals and no padding: `2026年11月2日`. Accepts
 * the same values as {@link formatChineseDate}.
 */
export function formatNumericChineseDate(value: Date | string): string {
  const { year, month, day } = calendarDate(value);
  return `${year}年${month}月${day}日`;
}

// helpers ////////////////////

/** Offset of China Standard Time from UTC, in minutes. */
const CHINA_UTC_OFFSET_MINUTES = 8 * 60;

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function calendarDate(value: Date | string): CalendarDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidDate('an invalid Date');
    const shifted = new Date(value.getTime() + CHINA_UTC_OFFSET_MINUTES * 60_000);
    return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
  }
  const match = ISO_DATE.exec(value);
  if (!match) throw invalidDate(`"${value}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw invalidDate(`"${value}"`);
  }
  return { year, month, day };
}

/** 1–99 in Chinese numerals as used for months and days: 一, 十, 十一, 二十, 二十一, 三十一. */
function smallNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const units = n % 10;
  const tensText = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  const unitsText = units === 0 ? '' : DIGITS[units];
  return tensText + unitsText;
}

function invalidDate(what: string): ValidationError {
  return new ValidationError(
    localize(`Cannot format ${what} as a date; expected a valid Date or YYYY-MM-DD`, `无法将 ${what} 转换为日期，须为有效日期或 YYYY-MM-DD 格式`),
    [{ path: '', message: localize('Invalid date', '日期无效') }],
    'DOCUMENT_DATA_INVALID',
  );
}
