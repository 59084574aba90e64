import { firstDue, nextDue, parseTimerCycle, parseTimerDate } from '../../../../src/engine/jobs/timer-schedule.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('timer schedules', () => {
  test('ISO dates: with a zone as given, without one in local time, invalid ones refused', () => {
    expect(parseTimerDate('2026-03-01T08:00:00Z')).toBe(Date.UTC(2026, 2, 1, 8));
    expect(parseTimerDate('2026-03-01T08:00:00.000+0800')).toBe(Date.UTC(2026, 2, 1, 0));
    expect(parseTimerDate('2026-03-01T08:00')).toBe(new Date(2026, 2, 1, 8).getTime());
    expect(parseTimerDate('2026-03-01')).toBe(new Date(2026, 2, 1).getTime());
    for (const bad of ['2026-02-30', '2026-03-01T25:00', 'tomorrow', '']) expect(parseTimerDate(bad)).toBeNull();
  });

  test('cycles: R<n>/duration and R[n]/start/duration; zero durations and R0 are refused', () => {
    expect(parseTimerCycle('R3/PT10M')).toMatchObject({ repetitions: 3, start: null, durationText: 'PT10M' });
    expect(parseTimerCycle('R/2026-03-01T08:00Z/P1D')).toMatchObject({ repetitions: null, start: Date.UTC(2026, 2, 1, 8) });
    for (const bad of ['R0/PT1M', 'R3/PT0S', 'PT10M', 'R3', '0 0 8 * * ?']) expect(parseTimerCycle(bad)).toBeNull();
  });

  test('R3/PT10M occurs three times, 10 minutes apart', () => {
    const first = firstDue('cycle', 'R3/PT10M', NOW, 'test', true);
    expect(first).toEqual({ dueDate: NOW + 10 * MINUTE, repeat: 'R2/PT10M' });
    const second = nextDue(first!.repeat, first!.dueDate, first!.dueDate);
    expect(second).toEqual({ dueDate: NOW + 20 * MINUTE, repeat: 'R1/PT10M' });
    const third = nextDue(second!.repeat, second!.dueDate, second!.dueDate);
    expect(third).toEqual({ dueDate: NOW + 30 * MINUTE, repeat: null });
    expect(nextDue(third!.repeat, third!.dueDate, third!.dueDate)).toBeNull();
  });

  test('a cycle with a start in the past begins at its next occurrence; missed occurrences fire once', () => {
    const start = NOW - 90 * MINUTE;
    const first = firstDue('cycle', `R/${new Date(start).toISOString()}/PT1H`, NOW, 'test', true);
    expect(first).toEqual({ dueDate: start + 120 * MINUTE, repeat: 'R/PT1H' });
    expect(nextDue('R/PT1H', NOW - 5 * 60 * MINUTE, NOW)).toEqual({ dueDate: NOW + 60 * MINUTE, repeat: 'R/PT1H' });
    expect(firstDue('cycle', `R2/${new Date(start).toISOString()}/PT10M`, NOW, 'test', true)).toBeNull();
  });

  test('durations count from now, dates are taken as they are, wrong values name the timer', () => {
    expect(firstDue('duration', 'P1DT1H', NOW, 't', false)?.dueDate).toBe(NOW + 25 * 60 * MINUTE);
    expect(firstDue('date', new Date(NOW + MINUTE), NOW, 't', false)).toEqual({ dueDate: NOW + MINUTE, repeat: null });
    expect(firstDue('cycle', 'R5/PT1M', NOW, 't', false)).toEqual({ dueDate: NOW + MINUTE, repeat: null });
    expect(() => firstDue('date', 'next week', NOW, "timer of 'Wait'", false)).toThrow(/timer of 'Wait': the timer value "next week" is not/);
    expect(() => firstDue('duration', 42, NOW, 't', false)).toThrow(/not an ISO 8601 duration/);
  });
});
