/**
 * Due dates of statutory clocks: when a period started at a given instant expires, taking the working-day
 * calendar, roll-over of holidays and pauses into account, and when its holder should be warned.
 */
import {
  addCalendarDays,
  addCalendarMonths,
  endOfLocalDay,
  startOfLocalDay,
  toLocalDate,
  type LocalDate,
} from './china-time.js';
import { DEFAULT_CLOCK_THRESHOLDS, type ClockRule, type ClockThresholds } from './clock-rules.js';
import {
  assertInstant,
  assertRule,
  checkPauses,
  countDays,
  dayCounter,
  excludedDays,
  mergePauses,
  thresholdDays,
  type ClockPause,
  type ClosedPause,
  type DayCounter,
} from './counting.js';
import type { HolidayCalendar } from './holiday-calendar.js';

export type { ClockPause } from './counting.js';

/** When a clock expires and when its holder should be warned. */
export interface DueDates {
  /** The last instant of the period; the clock is overdue after it. */
  readonly dueAt: Date;
  /** The first instant the clock shows yellow (with the thresholds given); never before the start. */
  readonly warnAt: Date;
}

/**
 * The due date of a clock of direction `after` started at `startAt`, and the instant its holder should be
 * warned. Day-based periods: the start day is not counted and the period ends at 23:59:59.999 (UTC+08:00) of its
 * last day — the Nth working day after the start day for `workingDays`, the start day + N for `calendarDays`,
 * the same day of the month N months later (clamped to the month's end) for `months`, the last two moved to the
 * next working day when it is not one and the rule rolls over holidays. `hours`: exactly N hours after `startAt`.
 *
 * Pauses count only for pausable rules (others ignore them) and must all be closed: while a clock is paused its
 * due date is not known, so an open pause throws `ClockPausesInvalidError`; use `clockStatus` (which
 * freezes the clock at the pause) or {@link isPaused} meanwhile, and recompute when the pause ends. Paused on day
 * d and resumed on day r excludes the days d+1 … r: for working days the working days among them, for calendar
 * days and months that many calendar days; for hours the exact paused time.
 *
 * `warnAt` is the start of the first day on which no more than `thresholds.yellow` of the period's counting days
 * remain (rounded up to whole days, at least the last day), today included — the day `clockStatus` turns yellow.
 * For working days that can be a weekend or holiday right before the first working day with that few left (due
 * on a Monday, one day left: from the Saturday); for hours, the instant when `yellow × amount` running hours
 * remain. Throws `CalendarYearNotCoveredError` when a
 * working day must be decided in a year the calendar lacks.
 */
export function computeDue(
  rule: ClockRule,
  startAt: Date,
  pauses: readonly ClockPause[],
  calendar: HolidayCalendar,
  thresholds: ClockThresholds = DEFAULT_CLOCK_THRESHOLDS,
): DueDates {
  assertRule(rule, 'after', 'computeDue');
  assertInstant(startAt, 'startAt');
  const { closed } = checkPauses(rule, startAt, pauses, false);
  if (rule.unit === 'hours') return dueInHours(rule, startAt, closed, thresholds);

  const startDay = toLocalDate(startAt);
  const counts = dayCounter(rule, excludedDays(closed), calendar);
  const dueDay =
    rule.unit === 'workingDays'
      ? nthCountingDay(startDay, rule.amount, counts)
      : calendarDueDay(rule, startDay, counts, calendar);
  const total = countDays(startDay, dueDay, counts);
  const warnDay = firstDayWithAtMost(thresholdDays(total, thresholds.yellow), startDay, dueDay, counts);
  const warnAt = warnDay === null ? startAt : maxDate(startAt, startOfLocalDay(warnDay));
  return { dueAt: endOfLocalDay(dueDay), warnAt };
}

/**
 * For a clock of direction `before` (F3: file within 30 working days before the cross-region service starts):
 * the earliest moment the act may be done ahead of the event — the window runs from there to the event. The
 * event day is not counted, so the window opens on the Nth working day (calendar day, month) before the event
 * day; for hours, exactly N hours before the event. Given the event as an instant, returns the start (00:00
 * UTC+08:00) of that day; given the event day as a `YYYY-MM-DD` local date, returns that day as a local date.
 * Pauses do not apply. Throws `CalendarYearNotCoveredError` like {@link computeDue}.
 */
export function computeWindowStart(rule: ClockRule, eventAt: Date, calendar: HolidayCalendar): Date;
export function computeWindowStart(rule: ClockRule, eventDay: LocalDate, calendar: HolidayCalendar): LocalDate;
export function computeWindowStart(
  rule: ClockRule,
  event: Date | LocalDate,
  calendar: HolidayCalendar,
): Date | LocalDate {
  assertRule(rule, 'before', 'computeWindowStart');
  const eventAt = event instanceof Date ? event : startOfLocalDay(event);
  assertInstant(eventAt, 'eventAt');
  let opensAt: Date;
  if (rule.unit === 'hours') {
    opensAt = new Date(eventAt.getTime() - rule.amount * HOUR_MS);
  } else {
    const eventDay = toLocalDate(eventAt);
    let openDay: LocalDate;
    if (rule.unit === 'workingDays') {
      openDay = eventDay;
      for (let count = 0; count < rule.amount; ) {
        openDay = addCalendarDays(openDay, -1);
        if (calendar.isWorkingDay(openDay)) count += 1;
      }
    } else if (rule.unit === 'calendarDays') {
      openDay = addCalendarDays(eventDay, -rule.amount);
    } else {
      openDay = addCalendarMonths(eventDay, -rule.amount);
    }
    opensAt = startOfLocalDay(openDay);
  }
  return event instanceof Date ? opensAt : toLocalDate(opensAt);
}

/**
 * Whether a clock is paused: one of its pauses is still open (and, when `now` is given, has begun by then).
 * While paused a clock has no due date; `clockStatus` shows it frozen at the moment the pause began.
 */
export function isPaused(pauses: readonly ClockPause[], now?: Date): boolean {
  return pauses.some((pause) => pause.to === null && (now === undefined || pause.from.getTime() <= now.getTime()));
}

// helpers ////////////////////

const HOUR_MS = 60 * 60 * 1000;

function dueInHours(
  rule: ClockRule,
  startAt: Date,
  closed: readonly ClosedPause[],
  thresholds: ClockThresholds,
): DueDates {
  let due = startAt.getTime() + rule.amount * HOUR_MS;
  const merged = mergePauses(closed);
  for (const pause of merged) {
    if (pause.from.getTime() >= due) break;
    due += pause.to.getTime() - pause.from.getTime();
  }
  // walk back from the due instant until `yellow × amount` running hours lie behind it
  let need = thresholds.yellow * rule.amount * HOUR_MS;
  let cursor = due;
  for (const pause of [...merged].reverse()) {
    if (pause.to.getTime() > cursor) continue;
    const running = cursor - pause.to.getTime();
    if (running >= need) break;
    need -= running;
    cursor = pause.from.getTime();
  }
  return { dueAt: new Date(due), warnAt: new Date(Math.max(startAt.getTime(), cursor - need)) };
}

/** The day on which the Nth counting day after `startDay` falls. */
function nthCountingDay(startDay: LocalDate, amount: number, counts: DayCounter): LocalDate {
  let day = startDay;
  for (let count = 0; count < amount; ) {
    day = addCalendarDays(day, 1);
    if (counts(day)) count += 1;
  }
  return day;
}

/** Last day of a calendar-day or month period: shifted past the excluded days, then rolled over a holiday. */
function calendarDueDay(
  rule: ClockRule,
  startDay: LocalDate,
  counts: DayCounter,
  calendar: HolidayCalendar,
): LocalDate {
  const base =
    rule.unit === 'months' ? addCalendarMonths(startDay, rule.amount) : addCalendarDays(startDay, rule.amount);
  // shift by the excluded days up to the (shifted) last day, until that number no longer changes
  let shift = 0;
  for (;;) {
    const candidate = addCalendarDays(base, shift);
    const excluded = calendarDaysBetweenExclusive(startDay, candidate) - countDays(startDay, candidate, counts);
    if (excluded === shift) break;
    shift = excluded;
  }
  let day = addCalendarDays(base, shift);
  if (rule.rollOverHoliday === true) {
    while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, 1);
  }
  return day;
}

/** Number of days in `after` (exclusive) … `until` (inclusive). */
function calendarDaysBetweenExclusive(after: LocalDate, until: LocalDate): number {
  return countDays(after, until, () => true);
}

/**
 * The first day from `startDay` on (the start day itself remaining uncounted) on which at most `limit` counting
 * days remain, today included; null when that already holds on the start day.
 */
function firstDayWithAtMost(
  limit: number,
  startDay: LocalDate,
  dueDay: LocalDate,
  counts: DayCounter,
): LocalDate | null {
  let seen = 0;
  for (let day = dueDay; day > startDay; day = addCalendarDays(day, -1)) {
    if (!counts(day)) continue;
    seen += 1;
    if (seen === limit + 1) return addCalendarDays(day, 1);
  }
  return null;
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
