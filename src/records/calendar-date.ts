/** Calendar days (`YYYY-MM-DD`, no time zone) as the register and the screening rules use them. */

/** Whether `value` is exactly `YYYY-MM-DD` and a real day of the Gregorian calendar. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Reads a day as people type it into a spreadsheet: `2023-11-22`, `2023/11/22`, `2023.11.22`, `2023-1-5`,
 * `2023年11月22日` or `20231122`. Returns `YYYY-MM-DD`, or null when `text` is no real day after 1900.
 */
export function parseCalendarDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || !isRealDay(year, month, day)) return null;
  return format(year, month, day);
}

/** Today's date in China (UTC+8, no daylight saving) at the instant `now`. */
export function chinaDateOf(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The last day of a period of `years` years that starts with the event on `day`, counted as the Civil Code
 * counts periods (《民法典》第二百零一条、第二百零二条): the day of the event is not counted, and the period ends
 * at the end of the corresponding day `years` later, or of the last day of that month when it has no such day
 * (2024-02-29 + 3 years → 2027-02-28).
 */
export function lastDayOfPeriod(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years;
  const month = Number(day.slice(5, 7));
  const dayOfMonth = Math.min(Number(day.slice(8, 10)), daysInMonth(year, month));
  return format(year, month, dayOfMonth);
}

// helpers ////

function isRealDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
