/**
 * Calendar dates in China Standard Time (Asia/Shanghai, UTC+08:00, no daylight saving since 1991). Every
 * statutory clock counts local days in this zone, whatever time zone the process runs in.
 */

/** A calendar date in China Standard Time, written `YYYY-MM-DD`, e.g. `2026-02-14`. */
export type LocalDate = string;

/** The IANA name of the zone every clock counts in. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** The fixed offset of China Standard Time from UTC, as written in ISO 8601 timestamps. */
export const CHINA_UTC_OFFSET = '+08:00';

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is not). */
export function isLocalDate(value: string): boolean {
  return parse(value) !== null;
}

/**
 * The calendar date in China Standard Time of an instant, e.g. 2026-12-31T16:00:00Z → `2027-01-01`. Throws
 * `RangeError` for an invalid `Date`.
 */
export function toLocalDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date given where an instant was expected');
  return format(new Date(ms + OFFSET_MS));
}

/** The first instant (00:00:00.000 +08:00) of a local day. Throws `RangeError` for an invalid date. */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(utcMidnight(date) - OFFSET_MS);
}

/** The last instant (23:59:59.999 +08:00) of a local day; a deadline on that day expires after it. */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(utcMidnight(date) - OFFSET_MS + DAY_MS - 1);
}

/** The local date `days` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return format(new Date(utcMidnight(date) + days * DAY_MS));
}

/**
 * The same day of the month `months` months after `date` (before it when negative), clamped to the end of a
 * shorter month: `2025-08-31` + 6 → `2026-02-28`, `2023-08-31` + 6 → `2024-02-29`.
 */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseOrThrow(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12; // 0-based
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))));
}

/** Calendar days from `from` to `to`: 1 for consecutive days, negative when `to` is earlier. */
export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** The day of the week of a local date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

// helpers ////////////////////

const DAY_MS = 24 * 60 * 60 * 1000;
const OFFSET_MS = 8 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function parse(value: string): DateParts | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

function parseOrThrow(value: LocalDate): DateParts {
  const parts = parse(value);
  if (parts === null) throw new RangeError(`"${value}" is not a calendar date written YYYY-MM-DD`);
  return parts;
}

/** Milliseconds of 00:00 UTC on the given date, used as a time-zone-free day number. */
function utcMidnight(date: LocalDate): number {
  const { year, month, day } = parseOrThrow(date);
  return Date.UTC(year, month - 1, day);
}

/** `YYYY-MM-DD` of a `Date` read in UTC. */
function format(utc: Date): LocalDate {
  return utc.toISOString().slice(0, 10);
}
