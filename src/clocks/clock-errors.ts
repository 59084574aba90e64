/** Errors of the statutory clocks: missing calendar years, invalid operator files, inconsistent pauses. */
import type { z } from 'zod';
import { OperationalError, UnexpectedError, type ValidationIssue } from '../errors.js';

/**
 * The words that begin the message of {@link CalendarYearNotCoveredError} for `year`, and so the message of an
 * incident it caused: how the procedures waiting for that year are found again.
 */
export function calendarGapText(year: number): string {
  return `${CALENDAR_GAP_PREFIX}${year} `;
}

/** The words that begin the message of every {@link CalendarYearNotCoveredError}, whatever the year. */
export const CALENDAR_GAP_PREFIX = 'The holiday calendar has no data for ';

/**
 * Thrown when a working day must be decided for a year the holiday calendar has no data for. The State Council
 * publishes each year's arrangement in the autumn before; administrators enter it on the page 节假日安排
 * (`PUT /api/admin/holiday-calendar/{year}`), or the operator supplies it in the JSON file named by
 * `HOLIDAY_CALENDAR_FILE`. Working days are never guessed.
 */
export class CalendarYearNotCoveredError extends OperationalError {
  override readonly status: number = 503;

  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(
      'CALENDAR_YEAR_NOT_COVERED',
      `${calendarGapText(year)}(it covers ${describeYears(coveredYears)}). An administrator enters the State ` +
        `Council's holiday arrangement for ${year} on the page 节假日安排 (PUT /api/admin/holiday-calendar/${year}), ` +
        `after which the procedures waiting for it resume; or the operator supplies it in the JSON file named by ` +
        `HOLIDAY_CALENDAR_FILE: { "years": [${year}], "holidays": ["${year}-01-01", …], "workdays": [...] }.`,
      { year, coveredYears: [...coveredYears] },
    );
  }
}

/**
 * Thrown when an operator-supplied clock file is invalid: the supplementary holiday calendar
 * (`HOLIDAY_CALENDAR_INVALID`) or the clock rule overrides (`CLOCK_RULES_INVALID`). `issues` names each
 * offending JSON path.
 */
export class ClockConfigError extends OperationalError {
  override readonly status: number = 503;

  constructor(
    code: 'HOLIDAY_CALENDAR_INVALID' | 'CLOCK_RULES_INVALID',
    what: string,
    issues: ValidationIssue[],
  ) {
    super(code, `Invalid ${what}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, {
      issues,
    });
  }

  /** The problems found, one per JSON path. */
  get issues(): ValidationIssue[] {
    return (this.details?.['issues'] as ValidationIssue[] | undefined) ?? [];
  }
}

/**
 * Thrown when the pauses handed to a clock are inconsistent: a pause ending before it starts or starting before
 * the clock, more than one open pause, or an open pause where only closed ones are allowed. A bug in the caller.
 */
export class ClockPausesInvalidError extends UnexpectedError {
  constructor(message: string) {
    super('CLOCK_PAUSES_INVALID', message);
  }
}

/** The issues of a failed zod parse, with dotted JSON paths, for a {@link ClockConfigError}. Internal. */
export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

// helpers ////////////////////

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return 'no year';
  const sorted = [...years].sort((a, b) => a - b);
  const ranges: string[] = [];
  let first = sorted[0] ?? 0;
  let last = first;
  for (const year of sorted.slice(1)) {
    if (year === last + 1) {
      last = year;
      continue;
    }
    ranges.push(first === last ? `${first}` : `${first}–${last}`);
    first = last = year;
  }
  ranges.push(first === last ? `${first}` : `${first}–${last}`);
  return ranges.join(', ');
}
