import { ProcessEngineException } from '../errors.js';
import { addDuration, parseIsoDuration, type IsoDuration } from '../runtime/evaluation.js';

/** The kind of a timer definition: `timeDuration`, `timeDate` or `timeCycle`. */
export type TimerType = 'duration' | 'date' | 'cycle';

/** When a timer job is due, and (timer start events only) the repetitions that remain after it. */
export interface TimerSchedule {
  dueDate: number;
  /** `R<n>/<duration>` (n repetitions follow) or `R/<duration>` (endless); null when this is the last occurrence. */
  repeat: string | null;
}

/** An ISO 8601 repeating interval `R[n]/[start/]duration`. */
export interface TimerCycle {
  /** Number of occurrences; null for `R/…` (endless). */
  repetitions: number | null;
  /** The first occurrence, when the cycle names one. */
  start: number | null;
  duration: IsoDuration;
  durationText: string;
}

/**
 * Parses an ISO 8601 date (`2026-03-01`) or date-time (`2026-03-01T08:00[:ss[.SSS]]`, optionally with `Z`,
 * `±hh:mm` or `±hhmm`), as Camunda's `timeDate` accepts. Without a zone the text is local time. Null when the
 * text is not such a date.
 */
export function parseTimerDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as
    [number, number, number, number, number, number];
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8];
  if (zone === undefined) {
    const local = new Date(year, month - 1, day, hour, minute, second, millis);
    if (local.getMonth() !== month - 1 || local.getDate() !== day) return null;
    return local.getTime();
  }
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return utc - offsetMinutes * 60_000;
}

/**
 * Parses a `timeCycle` in the ISO 8601 repeating-interval forms Camunda 7 supports and the embedded engine runs:
 * `R3/PT10M`, `R/P1D`, `R5/2026-03-01T08:00/P1D`. Null when the text is none of them (cron expressions included).
 */
export function parseTimerCycle(text: string): TimerCycle | null {
  const parts = text.trim().split('/');
  const m = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!m || parts.length < 2 || parts.length > 3) return null;
  const repetitions = m[1] === '' || m[1] === undefined ? null : Number(m[1]);
  if (repetitions !== null && repetitions < 1) return null;
  let start: number | null = null;
  if (parts.length === 3) {
    start = parseTimerDate(parts[1] ?? '');
    if (start === null) return null;
  }
  const durationText = parts[parts.length - 1] ?? '';
  const duration = parseIsoDuration(durationText);
  if (!duration || addDuration(0, duration) <= 0) return null;
  return { repetitions, start, duration, durationText };
}

/** True when the text looks like a cron expression (Camunda's other `timeCycle` form, not supported here). */
export function isCronExpression(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  return fields.length >= 6 && fields.length <= 7 && !text.trim().startsWith('R');
}

/** Why a literal timer value is invalid for its type, or null when it is valid. */
export function timerLiteralProblem(type: TimerType, text: string): string | null {
  switch (type) {
    case 'duration':
      return parseIsoDuration(text) ? null : `'${text}' is not an ISO 8601 duration such as PT10M or P5D`;
    case 'date':
      return parseTimerDate(text) !== null ? null : `'${text}' is not an ISO 8601 date or date-time such as 2026-03-01T08:00:00`;
    case 'cycle':
      if (parseTimerCycle(text)) return null;
      return isCronExpression(text)
        ? `'${text}' is a cron expression: cron cycles are not supported yet by the embedded engine; use an ISO 8601 repeating interval such as R3/PT10M`
        : `'${text}' is not an ISO 8601 repeating interval such as R3/PT10M or R/2026-03-01T08:00/P1D`;
  }
}

/**
 * The first due date of a timer whose definition evaluated to `value` at `now`: a duration counts from now, a
 * date is taken as is (a Date or an ISO text), a cycle gives its first occurrence after now. With
 * `repeat: false` (intermediate catch events) a cycle only determines the one due date. Returns null when a
 * cycle has no occurrence left (all lie in the past). Throws a `ProcessEngineException` naming `where` when the
 * value does not fit the timer type.
 */
export function firstDue(type: TimerType, value: unknown, now: number, where: string, repeat: boolean): TimerSchedule | null {
  if (type === 'date') {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return { dueDate: value.getTime(), repeat: null };
    const due = typeof value === 'string' ? parseTimerDate(value) : null;
    if (due === null) throw invalid(where, value, 'an ISO 8601 date-time or a Date');
    return { dueDate: due, repeat: null };
  }
  const text = typeof value === 'string' ? value.trim() : null;
  if (type === 'duration') {
    const d = text === null ? null : parseIsoDuration(text);
    if (!d) throw invalid(where, value, 'an ISO 8601 duration such as PT10M');
    return { dueDate: addDuration(now, d), repeat: null };
  }
  const cycle = text === null ? null : parseTimerCycle(text);
  if (!cycle) throw invalid(where, value, 'an ISO 8601 repeating interval such as R3/PT10M');
  const first = cycle.start ?? addDuration(now, cycle.duration);
  const { due, steps } = stepPast(first, cycle.duration, now);
  const used = steps + 1;
  if (cycle.repetitions !== null && used > cycle.repetitions) return null;
  if (!repeat) return { dueDate: due, repeat: null };
  return { dueDate: due, repeat: repeatText(cycle.repetitions === null ? null : cycle.repetitions - used, cycle.durationText) };
}

/**
 * The next occurrence of a repeating timer after it fired at `previousDue`, skipping occurrences that lie before
 * `now` (a node that was down fires once, not once per missed occurrence); null when `repeat` is null.
 */
export function nextDue(repeat: string | null, previousDue: number, now: number): TimerSchedule | null {
  if (repeat === null) return null;
  const cycle = parseTimerCycle(repeat);
  if (!cycle) throw new ProcessEngineException(`Invalid timer repetition '${repeat}'`);
  const { due } = stepPast(addDuration(previousDue, cycle.duration), cycle.duration, now);
  const left = cycle.repetitions === null ? null : cycle.repetitions - 1;
  return { dueDate: due, repeat: repeatText(left, cycle.durationText) };
}

// helpers ////

/** Adds `d` to `from` until the result lies after `now`; `steps` counts the additions. */
function stepPast(from: number, d: IsoDuration, now: number): { due: number; steps: number } {
  if (from > now) return { due: from, steps: 0 };
  if (d.years === 0 && d.months === 0 && d.weeks === 0 && d.days === 0) {
    const ms = addDuration(0, d);
    const steps = Math.floor((now - from) / ms) + 1;
    return { due: from + steps * ms, steps };
  }
  let due = from;
  let steps = 0;
  while (due <= now) {
    due = addDuration(due, d);
    steps++;
  }
  return { due, steps };
}

function repeatText(left: number | null, durationText: string): string | null {
  if (left === null) return `R/${durationText}`;
  return left > 0 ? `R${left}/${durationText}` : null;
}

function invalid(where: string, value: unknown, expected: string): ProcessEngineException {
  const shown = value instanceof Date ? value.toISOString() : JSON.stringify(value) ?? String(value);
  return new ProcessEngineException(`${where}: the timer value ${shown} is not ${expected}`);
}
