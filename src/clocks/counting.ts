/**
 * Day counting shared by the due-date and status computations: which local days a clock counts, which days its
 * pauses exclude, and where the colour thresholds fall. Internal to src/clocks; not re-exported.
 */
import { UnexpectedError } from '../errors.js';
import { addCalendarDays, toLocalDate, type LocalDate } from './china-time.js';
import { ClockPausesInvalidError } from './clock-errors.js';
import type { ClockRule } from './clock-rules.js';
import type { HolidayCalendar } from './holiday-calendar.js';

/**
 * An interval during which a pausable clock stands still (行政许可法 Art 45: the applicant correcting materials,
 * a hearing, an on-site check, expert review). `to` is null while the pause lasts.
 */
export interface ClockPause {
  readonly from: Date;
  readonly to: Date | null;
}

/** A pause that has ended. */
export interface ClosedPause {
  readonly from: Date;
  readonly to: Date;
}

/** The pauses of a clock, checked and split into the ended ones and the one still running (if any). */
export interface CheckedPauses {
  readonly closed: readonly ClosedPause[];
  readonly open: ClockPause | undefined;
}

/** Tells whether a local day counts towards a period. */
export type DayCounter = (day: LocalDate) => boolean;

/**
 * Checks the pauses of a clock started at `startAt`: each starts no earlier than the clock and ends no earlier
 * than it starts, at most one is open and it starts after every other has ended. Pauses of a clock that is not
 * pausable are ignored. Throws {@link ClockPausesInvalidError}; with `allowOpen` false an open pause is an error.
 */
export function checkPauses(
  rule: ClockRule,
  startAt: Date,
  pauses: readonly ClockPause[],
  allowOpen: boolean,
): CheckedPauses {
  if (!rule.pausable) return { closed: [], open: undefined };
  const closed: ClosedPause[] = [];
  let open: ClockPause | undefined;
  for (const [index, pause] of pauses.entries()) {
    assertInstant(pause.from, `pauses[${index}].from`);
    if (pause.from.getTime() < startAt.getTime()) {
      throw new ClockPausesInvalidError(
        `Pause ${index} of clock ${rule.id} starts at ${pause.from.toISOString()}, ` +
          `before the clock started at ${startAt.toISOString()}`,
      );
    }
    if (pause.to === null) {
      if (!allowOpen) {
        throw new ClockPausesInvalidError(
          `Clock ${rule.id} is paused (pause ${index} is open), so it has no due date yet; ` +
            'compute it once the pause ends',
        );
      }
      if (open) throw new ClockPausesInvalidError(`Clock ${rule.id} has more than one open pause`);
      open = pause;
      continue;
    }
    assertInstant(pause.to, `pauses[${index}].to`);
    if (pause.to.getTime() < pause.from.getTime()) {
      throw new ClockPausesInvalidError(`Pause ${index} of clock ${rule.id} ends before it starts`);
    }
    closed.push({ from: pause.from, to: pause.to });
  }
  if (open && closed.some((pause) => pause.to.getTime() > open.from.getTime())) {
    throw new ClockPausesInvalidError(`The open pause of clock ${rule.id} starts before an earlier pause has ended`);
  }
  return { closed, open };
}

/**
 * The local days the closed pauses exclude: paused on day d and resumed on day r excludes d+1 … r. The day a
 * pause starts still counts, and counting restarts the day after the resumption (the mirror of "the start day is
 * not counted").
 */
export function excludedDays(closed: readonly ClosedPause[]): ReadonlySet<LocalDate> {
  const days = new Set<LocalDate>();
  for (const pause of closed) {
    const last = toLocalDate(pause.to);
    for (let day = addCalendarDays(toLocalDate(pause.from), 1); day <= last; day = addCalendarDays(day, 1)) {
      days.add(day);
    }
  }
  return days;
}

/**
 * The day counter of a day-based rule: working days (per `calendar`) for `workingDays`, every day otherwise,
 * in both cases except the excluded days. The calendar is consulted only for working-day rules.
 */
export function dayCounter(rule: ClockRule, excluded: ReadonlySet<LocalDate>, calendar: HolidayCalendar): DayCounter {
  if (rule.unit === 'workingDays') return (day) => !excluded.has(day) && calendar.isWorkingDay(day);
  return (day) => !excluded.has(day);
}

/** How many days in `after` (exclusive) … `until` (inclusive) count; 0 when `until` is not after `after`. */
export function countDays(after: LocalDate, until: LocalDate, counts: DayCounter): number {
  let count = 0;
  for (let day = addCalendarDays(after, 1); day <= until; day = addCalendarDays(day, 1)) {
    if (counts(day)) count += 1;
  }
  return count;
}

/**
 * How many counting days may remain when a colour threshold is reached: `fraction` of `total`, rounded up to a
 * whole day and at least 1, so that every period shows the colour on its last day at the latest.
 */
export function thresholdDays(total: number, fraction: number): number {
  return Math.max(1, Math.ceil(total * fraction - 1e-9));
}

/** Running (unpaused) milliseconds between `from` and `to`, given the closed pauses. */
export function runningMs(from: Date, to: Date, closed: readonly ClosedPause[]): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return end - start;
  let paused = 0;
  for (const pause of mergePauses(closed)) {
    const overlap = Math.min(end, pause.to.getTime()) - Math.max(start, pause.from.getTime());
    if (overlap > 0) paused += overlap;
  }
  return end - start - paused;
}

/** The closed pauses sorted by start, overlapping ones merged. */
export function mergePauses(closed: readonly ClosedPause[]): ClosedPause[] {
  const sorted = [...closed].sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: ClosedPause[] = [];
  for (const pause of sorted) {
    const last = merged[merged.length - 1];
    if (last && pause.from.getTime() <= last.to.getTime()) {
      if (pause.to.getTime() > last.to.getTime()) merged[merged.length - 1] = { from: last.from, to: pause.to };
    } else {
      merged.push(pause);
    }
  }
  return merged;
}

/** Throws unless `rule` is a well-formed rule of the given direction. */
export function assertRule(rule: ClockRule, direction: 'after' | 'before', caller: string): void {
  if ((rule.direction ?? 'after') !== direction) {
    throw new UnexpectedError(
      'INTERNAL_ERROR',
      `${caller} handles clocks of direction "${direction}"; ` +
        `rule ${rule.id} has direction "${rule.direction ?? 'after'}"`,
    );
  }
  if (!Number.isInteger(rule.amount) || rule.amount <= 0) {
    throw new UnexpectedError(
      'INTERNAL_ERROR',
      `Clock rule ${rule.id} has amount ${rule.amount}; expected a positive whole number`,
    );
  }
}

/** Throws `RangeError` unless `value` is a valid `Date`. */
export function assertInstant(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${what} is not a valid Date`);
}
