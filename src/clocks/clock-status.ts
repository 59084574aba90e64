/** The traffic-light status of a running statutory clock, as shown on officers' task lists. */
import { addCalendarDays, toLocalDate, type LocalDate } from './china-time.js';
import { DEFAULT_CLOCK_THRESHOLDS, type ClockRule, type ClockThresholds } from './clock-rules.js';
import {
  assertInstant,
  assertRule,
  checkPauses,
  countDays,
  dayCounter,
  excludedDays,
  runningMs,
  thresholdDays,
  type ClockPause,
} from './counting.js';
import { computeDue } from './deadline.js';
import type { HolidayCalendar } from './holiday-calendar.js';

/** `normal` → `blue` (half the period used) → `yellow` (little left) → `red` (past due). */
export type ClockColour = 'normal' | 'blue' | 'yellow' | 'red';

/** What {@link clockStatus} needs to know about a clock. */
export interface ClockStatusInput {
  readonly rule: ClockRule;
  readonly startAt: Date;
  /**
   * The due date as stored for the clock (from `computeDue` with the pauses closed so far). Computed from the
   * rule, the start and the closed pauses when omitted.
   */
  readonly dueAt?: Date;
  /** All pauses of the clock; at most one open (the clock is paused now). Ignored when the rule is not pausable. */
  readonly pauses: readonly ClockPause[];
  readonly now: Date;
  /** Default {@link DEFAULT_CLOCK_THRESHOLDS}. */
  readonly thresholds?: ClockThresholds;
  readonly calendar: HolidayCalendar;
}

/** A clock's status at a moment. */
export interface ClockStatus {
  readonly colour: ClockColour;
  /**
   * What is left of the period, in {@link remainingUnit}: for day-based rules the counting days from today
   * (included) to the due day (so 1 on the last day); negative once overdue, counting the days gone by since the
   * due day; for hours, the running hours left (fractional).
   */
  readonly remaining: number;
  /** `workingDays` for working-day rules, `calendarDays` for calendar-day and month rules, `hours` for hours. */
  readonly remainingUnit: 'workingDays' | 'calendarDays' | 'hours';
  /** Whether the clock is paused now; its status is then frozen at the moment the pause began. */
  readonly paused: boolean;
  /** Whether the due date has passed (at the frozen moment while paused). */
  readonly overdue: boolean;
}

/**
 * The status of a clock of direction `after` at `now`. Red once `now` is past the due date. Otherwise yellow when
 * no more than `thresholds.yellow` of the period remains, blue at no more than `thresholds.blue`, normal before.
 * Day-based rules compare whole counting days: the thresholds are rounded up to whole days (at least the last
 * day), so a clock turns yellow exactly at the `warnAt` of `computeDue`. While paused, the clock is read as it
 * stood when the pause began, so its colour does not change until it resumes. Throws
 * `CalendarYearNotCoveredError` when a working day must be decided in a year the calendar lacks, and
 * `ClockPausesInvalidError` for inconsistent pauses.
 */
export function clockStatus(input: ClockStatusInput): ClockStatus {
  const { rule, startAt, now, calendar } = input;
  const thresholds = input.thresholds ?? DEFAULT_CLOCK_THRESHOLDS;
  assertRule(rule, 'after', 'clockStatus');
  assertInstant(startAt, 'startAt');
  assertInstant(now, 'now');
  const { closed, open } = checkPauses(rule, startAt, input.pauses, true);
  const paused = open !== undefined && open.from.getTime() <= now.getTime();
  const at = paused ? open.from : now;
  const dueAt = input.dueAt ?? computeDue(rule, startAt, closed, calendar, thresholds).dueAt;
  assertInstant(dueAt, 'dueAt');
  const overdue = at.getTime() > dueAt.getTime();

  if (rule.unit === 'hours') {
    const remaining = (overdue ? at.getTime() - dueAt.getTime() : runningMs(at, dueAt, closed)) / HOUR_MS;
    const signed = overdue ? -remaining : remaining;
    const fraction = signed / rule.amount;
    const colour: ClockColour = overdue
      ? 'red'
      : fraction <= thresholds.yellow
        ? 'yellow'
        : fraction <= thresholds.blue
          ? 'blue'
          : 'normal';
    return { colour, remaining: signed, remainingUnit: 'hours', paused, overdue };
  }

  const counts = dayCounter(rule, excludedDays(closed), calendar);
  const startDay = toLocalDate(startAt);
  const today = toLocalDate(at);
  const dueDay = toLocalDate(dueAt);
  const remainingUnit = rule.unit === 'workingDays' ? 'workingDays' : 'calendarDays';
  if (overdue) {
    const late = countDays(dueDay, today, counts);
    return { colour: 'red', remaining: late === 0 ? 0 : -late, remainingUnit, paused, overdue };
  }
  const total = countDays(startDay, dueDay, counts);
  const remaining = countDays(maxDay(startDay, addCalendarDays(today, -1)), dueDay, counts);
  const colour: ClockColour =
    remaining <= thresholdDays(total, thresholds.yellow)
      ? 'yellow'
      : remaining <= thresholdDays(total, thresholds.blue)
        ? 'blue'
        : 'normal';
  return { colour, remaining, remainingUnit, paused, overdue };
}

// helpers ////////////////////

const HOUR_MS = 60 * 60 * 1000;

function maxDay(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}
