/**
 * The official working-day calendar of mainland China: weekends, statutory holidays (法定节假日) and adjusted
 * working days (调休上班), from the `chinese-days` package plus an optional supplementary calendar supplied by the
 * operator for years the package does not cover yet.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { dayOfWeek, isLocalDate, toLocalDate, type LocalDate } from './china-time.js';
import { CalendarYearNotCoveredError, ClockConfigError, zodIssues } from './clock-errors.js';
import type { ValidationIssue } from '../errors.js';
import { bilingual, localize } from '../language.js';

/**
 * Holidays and adjusted working days of whole years, published by the State Council, as the operator supplies
 * them in the file named by `HOLIDAY_CALENDAR_FILE`:
 * `{ "years": [2027], "holidays": ["2027-01-01", …], "workdays": ["2027-02-07", …] }`. For each listed year it
 * replaces whatever the bundled calendar has.
 */
export interface SupplementaryCalendar {
  /** The years this calendar fully describes. */
  readonly years: readonly number[];
  /** Days off for a statutory holiday, including the weekdays given in lieu (调休放假). */
  readonly holidays: readonly LocalDate[];
  /** Saturdays and Sundays that are working days (调休上班). */
  readonly workdays: readonly LocalDate[];
}

/** Where a year of the calendar comes from: the `chinese-days` package, `HOLIDAY_CALENDAR_FILE`, or the database. */
export type CalendarSource = 'bundled' | 'file' | 'entered';

/** One whole year's arrangement: its holidays and adjusted working days, ascending. */
export interface CalendarYear {
  readonly year: number;
  readonly source: CalendarSource;
  readonly holidays: readonly LocalDate[];
  readonly workdays: readonly LocalDate[];
}

/**
 * Decides whether a local date is a working day: Monday to Friday unless it is a statutory holiday, plus the
 * adjusted working Saturdays and Sundays. Covers the years of the bundled `chinese-days` data (2004–2026 in
 * v1.5.7), those of the supplementary calendar and those entered by administrators (stored in the database; see
 * {@link HolidayCalendar.useEnteredYears}), which take precedence in that order; any other year throws
 * {@link CalendarYearNotCoveredError} rather than guessing from weekdays.
 */
export class HolidayCalendar {
  /** The bundled and the supplementary years, fixed at start. */
  readonly #base: ReadonlyMap<number, YearData>;
  /** The years entered by administrators, replaced whenever the database is read again. */
  #entered: ReadonlyMap<number, YearData> = new Map();

  /** `supplementary`: years the bundled calendar lacks, or corrections of years it has. */
  constructor(supplementary?: SupplementaryCalendar) {
    const years = new Map(bundledYears());
    if (supplementary) {
      for (const year of supplementary.years) years.set(year, { source: 'file', holidays: new Set(), workdays: new Set() });
      for (const date of supplementary.holidays) years.get(yearOf(date))?.holidays.add(date);
      for (const date of supplementary.workdays) years.get(yearOf(date))?.workdays.add(date);
    }
    this.#base = years;
  }

  /**
   * Replaces the years entered by administrators with `years` (each a whole year, already checked with
   * {@link checkCalendarYear}); they take precedence over the bundled and the supplementary data of the same year.
   */
  useEnteredYears(years: ReadonlyArray<{ year: number; holidays: readonly LocalDate[]; workdays: readonly LocalDate[] }>): void {
    this.#entered = new Map(years.map((y): [number, YearData] => [y.year, { source: 'entered', holidays: new Set(y.holidays), workdays: new Set(y.workdays) }]));
  }

  /** The years this calendar can answer for, ascending. */
  get coveredYears(): readonly number[] {
    return [...new Set([...this.#base.keys(), ...this.#entered.keys()])].sort((a, b) => a - b);
  }

  /** The arrangement of `year` as this calendar uses it, or null when the year is not covered. */
  year(year: number): CalendarYear | null {
    const data = this.#entered.get(year) ?? this.#base.get(year);
    if (!data) return null;
    return { year, source: data.source, holidays: [...data.holidays].sort(), workdays: [...data.workdays].sort() };
  }

  /** Whether this calendar can answer for every day of `year`. */
  covers(year: number): boolean {
    return this.#entered.has(year) || this.#base.has(year);
  }

  /**
   * Whether government offices work on a day (a `YYYY-MM-DD` local date, or an instant read in UTC+08:00):
   * `2026-02-14` (an adjusted Saturday) → true, `2026-02-17` (Spring Festival) → false. Throws
   * {@link CalendarYearNotCoveredError} for a year not covered and `RangeError` for a malformed date.
   */
  isWorkingDay(date: LocalDate | Date): boolean {
    const day = localDateOf(date);
    const year = this.#year(day);
    if (year.holidays.has(day)) return false;
    if (year.workdays.has(day)) return true;
    const weekday = dayOfWeek(day);
    return weekday !== 0 && weekday !== 6;
  }

  /** Whether a day is a statutory holiday day off (including days given in lieu). Throws like {@link isWorkingDay}. */
  isHoliday(date: LocalDate | Date): boolean {
    const day = localDateOf(date);
    return this.#year(day).holidays.has(day);
  }

  /**
   * Whether a day is a Saturday or Sunday worked in exchange for a holiday (调休上班). Throws like
   * {@link isWorkingDay}.
   */
  isAdjustedWorkday(date: LocalDate | Date): boolean {
    const day = localDateOf(date);
    return this.#year(day).workdays.has(day);
  }

  #year(day: LocalDate): YearData {
    const year = yearOf(day);
    const data = this.#entered.get(year) ?? this.#base.get(year);
    if (!data) throw new CalendarYearNotCoveredError(year, this.coveredYears);
    return data;
  }
}

/**
 * Checks a parsed supplementary calendar (e.g. the content of `HOLIDAY_CALENDAR_FILE`) and returns it typed.
 * Throws {@link ClockConfigError} (`HOLIDAY_CALENDAR_INVALID`) naming every offending entry: malformed dates,
 * dates outside the listed years, a listed year without holidays, a date that is both holiday and workday, an
 * adjusted working day on a weekday. `source` names the input in the message.
 */
export function parseSupplementaryCalendar(
  value: unknown,
  source = 'supplementary holiday calendar',
): SupplementaryCalendar {
  const result = supplementarySchema.safeParse(value);
  if (!result.success) throw new ClockConfigError('HOLIDAY_CALENDAR_INVALID', source, zodIssues(result.error));
  return Object.freeze({
    years: Object.freeze([...result.data.years]),
    holidays: Object.freeze([...result.data.holidays]),
    workdays: Object.freeze([...result.data.workdays]),
  });
}

/**
 * The objections to `holidays` and `workdays` as the arrangement of `year` (none when it is a valid one): a date
 * outside the year, an adjusted working day on a weekday or also listed as a holiday, no holidays at all. Paths are
 * `holidays`, `holidays.<index>` and `workdays.<index>`, indexes into the lists given; the dates are assumed well
 * formed (`YYYY-MM-DD`).
 */
export function checkCalendarYear(year: number, holidays: readonly LocalDate[], workdays: readonly LocalDate[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const outside = (list: 'holidays' | 'workdays', date: LocalDate, index: number) => {
    if (yearOf(date) !== year) issues.push({ path: `${list}.${index}`, message: localize(`${date} is not in ${year}`, `${date} 不在 ${year} 年内`) });
  };
  if (holidays.length === 0) {
    issues.push({ path: 'holidays', message: localize(`list the State Council's holidays of ${year} (at least New Year's Day)`, `须列明 ${year} 年的法定节假日（至少有元旦）`) });
  }
  holidays.forEach((date, index) => outside('holidays', date, index));
  const holidaySet = new Set(holidays);
  workdays.forEach((date, index) => {
    outside('workdays', date, index);
    if (holidaySet.has(date)) issues.push({ path: `workdays.${index}`, message: localize(`${date} is also listed as a holiday`, `${date} 同时被列为放假日`) });
    const weekday = dayOfWeek(date);
    if (weekday !== 0 && weekday !== 6) {
      issues.push({
        path: `workdays.${index}`,
        message: localize(`${date} is a ${WEEKDAY_NAMES[weekday] ?? 'weekday'}; adjusted working days (调休上班) fall on a Saturday or Sunday`,
          `${date} 是${WEEKDAY_NAMES_ZH[weekday] ?? '工作日'}，调休上班日只能是周六或周日`),
      });
    }
  });
  return issues;
}

/**
 * Reads and checks the supplementary calendar JSON file at `path` (the `HOLIDAY_CALENDAR_FILE` setting) at
 * start-up. Throws {@link ClockConfigError} (`HOLIDAY_CALENDAR_INVALID`) when the file cannot be read, is not
 * JSON or is invalid.
 */
export function loadSupplementaryCalendar(path: string): SupplementaryCalendar {
  const source = `supplementary holiday calendar ${path} (HOLIDAY_CALENDAR_FILE)`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClockConfigError('HOLIDAY_CALENDAR_INVALID', source, [
      { path: '', message: `cannot read the file: ${messageOf(error)}` },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClockConfigError('HOLIDAY_CALENDAR_INVALID', source, [
      { path: '', message: `not valid JSON: ${messageOf(error)}` },
    ]);
  }
  return parseSupplementaryCalendar(value, source);
}

/**
 * The calendar the application runs with: the bundled data, plus the supplementary calendar file when one is
 * configured (`HOLIDAY_CALENDAR_FILE`, undefined when unset). Called once at start-up; throws like
 * {@link loadSupplementaryCalendar}.
 */
export function loadHolidayCalendar(supplementaryFile: string | undefined): HolidayCalendar {
  if (supplementaryFile === undefined) return new HolidayCalendar();
  return new HolidayCalendar(loadSupplementaryCalendar(supplementaryFile));
}

// helpers ////////////////////

interface YearData {
  source: CalendarSource;
  holidays: Set<LocalDate>;
  workdays: Set<LocalDate>;
}

/** Shape of `chinese-days/dist/chinese-days.json`: dates mapped to a description such as `Spring Festival,春节,4`. */
const bundledSchema = z.object({
  holidays: z.record(z.string(), z.unknown()),
  workdays: z.record(z.string(), z.unknown()),
});

let bundled: ReadonlyMap<number, YearData> | undefined;

/** The bundled data grouped by year; a year counts as covered when it has at least one holiday. */
function bundledYears(): Iterable<[number, YearData]> {
  if (!bundled) {
    const require = createRequire(import.meta.url);
    const data = bundledSchema.parse(require('chinese-days/dist/chinese-days.json'));
    const years = new Map<number, YearData>();
    for (const date of Object.keys(data.holidays)) {
      if (!isLocalDate(date)) continue;
      const year = yearOf(date);
      let entry = years.get(year);
      if (!entry) years.set(year, (entry = { source: 'bundled', holidays: new Set(), workdays: new Set() }));
      entry.holidays.add(date);
    }
    for (const date of Object.keys(data.workdays)) {
      if (isLocalDate(date)) years.get(yearOf(date))?.workdays.add(date);
    }
    bundled = years;
  }
  // copies, so that a supplementary calendar never changes the shared data
  return [...bundled].map(([year, data]): [number, YearData] => [
    year,
    { source: 'bundled', holidays: new Set(data.holidays), workdays: new Set(data.workdays) },
  ]);
}

function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

function localDateOf(date: LocalDate | Date): LocalDate {
  if (date instanceof Date) return toLocalDate(date);
  if (!isLocalDate(date)) throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD`);
  return date;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const WEEKDAY_NAMES_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

const localDate = z.string({ error: bilingual('must be a date written YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') }).refine(isLocalDate, {
  error: bilingual('must be a calendar date written YYYY-MM-DD', '须为 YYYY-MM-DD 格式的有效日期'),
});

const supplementarySchema = z
  .strictObject({
    years: z
      .array(z.number({ error: bilingual('must be a year', '须为年份') }).int({ error: bilingual('must be a whole year', '须为整数年份') }).min(1900).max(2999), {
        error: bilingual('must be a list of years', '须为年份列表'),
      })
      .min(1, { error: bilingual('must list at least one year', '须至少列明一个年度') }),
    holidays: z.array(localDate, { error: bilingual('must be a list of dates', '须为日期列表') }),
    workdays: z.array(localDate, { error: bilingual('must be a list of dates', '须为日期列表') }).default([]),
  })
  .superRefine((calendar, ctx) => {
    const years = new Set(calendar.years);
    const holidays = new Set(calendar.holidays);
    const checkYear = (list: 'holidays' | 'workdays', date: string, index: number) => {
      if (isLocalDate(date) && !years.has(yearOf(date))) {
        ctx.addIssue({
          code: 'custom',
          path: [list, index],
          message: `${date} is not in a listed year (${calendar.years.join(', ')})`,
        });
      }
    };
    calendar.holidays.forEach((date, index) => checkYear('holidays', date, index));
    calendar.workdays.forEach((date, index) => {
      checkYear('workdays', date, index);
      if (holidays.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', index], message: `${date} is also listed as a holiday` });
      }
      const weekday = isLocalDate(date) ? dayOfWeek(date) : 0;
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', index],
          message:
            `${date} is a ${WEEKDAY_NAMES[weekday] ?? 'weekday'}; ` +
            'adjusted working days (调休上班) fall on a Saturday or Sunday',
        });
      }
    });
    calendar.years.forEach((year, index) => {
      if (!calendar.holidays.some((date) => yearOf(date) === year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['years', index],
          message: `${year} has no holidays; list the State Council's holidays of that year (at least New Year's Day)`,
        });
      }
    });
  });
