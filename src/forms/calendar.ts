/**
 * Calendar dates as `YYYY-MM-DD` strings, and "today" on the PRC's civil calendar (UTC+08:00, no daylight
 * saving), which decides whether a birth date lies in the future or a chosen date has passed.
 */

/** Offset of China Standard Time from UTC in milliseconds. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Whether `year`-`month`-`day` names a day of the proleptic Gregorian calendar (months 1–12). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Whether `value` is an ISO calendar date `YYYY-MM-DD` naming a real day. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The date `now` falls on in China (UTC+08:00), as `YYYY-MM-DD`. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

// helpers ////

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
