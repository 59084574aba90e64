import {
  ClockPausesInvalidError,
  DEFAULT_CLOCK_RULES,
  HolidayCalendar,
  clockStatus,
  computeDue,
  type ClockPause,
  type ClockRule,
} from '../../../src/clocks/index.js';

/** An instant written as local time in Beijing, e.g. `cst('2026-03-12T10:00')`. */
function cst(local: string): Date {
  return new Date(`${local}${local.length === 16 ? ':00' : ''}+08:00`);
}

const calendar = new HolidayCalendar();

describe('clockStatus for working days', () => {
  // P2: 15 working days from Monday 2026-03-02, due 03-23 (03-03 … 03-06, 03-09 … 03-13, 03-16 … 03-20, 03-23).
  // Thresholds 0.5 and 0.2 of 15 round up to 8 and 3 working days.
  const p2 = DEFAULT_CLOCK_RULES.P2;
  const startAt = cst('2026-03-02T09:00');
  const dueAt = cst('2026-03-23T23:59:59.999');

  function statusAt(now: string, pauses: ClockPause[] = []) {
    return clockStatus({ rule: p2, startAt, dueAt, pauses, now: cst(now), calendar });
  }

  it.each([
    ['2026-03-02T15:00', 'normal', 15, 'the start day, not counted'],
    ['2026-03-11T10:00', 'normal', 9, 'more than half left'],
    ['2026-03-12T10:00', 'blue', 8, 'half left (8 of 15, rounded up)'],
    ['2026-03-14T10:00', 'blue', 6, 'a Saturday: 03-16 … 03-20 and 03-23 left'],
    ['2026-03-18T17:00', 'blue', 4, 'one day before yellow'],
    ['2026-03-19T00:00', 'yellow', 3, 'a fifth left'],
    ['2026-03-23T23:59:59.999', 'yellow', 1, 'the last instant of the period'],
    ['2026-03-24T00:00', 'red', -1, 'the first instant past due'],
    ['2026-03-28T10:00', 'red', -4, 'four working days late'],
  ])('at %s it is %s with %d working days remaining (%s)', (now, colour, remaining) => {
    expect(statusAt(now)).toEqual({
      colour,
      remaining,
      remainingUnit: 'workingDays',
      paused: false,
      overdue: colour === 'red',
    });
  });

  it('turns yellow exactly at the warnAt of computeDue', () => {
    // given
    const { warnAt } = computeDue(p2, startAt, [], calendar);

    // then
    const before = new Date(warnAt.getTime() - 1);
    expect(clockStatus({ rule: p2, startAt, dueAt, pauses: [], now: before, calendar }).colour).toBe('blue');
    expect(clockStatus({ rule: p2, startAt, dueAt, pauses: [], now: warnAt, calendar }).colour).toBe('yellow');
  });

  it('computes the due date itself when none is given', () => {
    expect(clockStatus({ rule: p2, startAt, pauses: [], now: cst('2026-03-24T00:00'), calendar }).overdue).toBe(true);
    expect(clockStatus({ rule: p2, startAt, pauses: [], now: cst('2026-03-23T12:00'), calendar }).remaining).toBe(1);
  });

  it('uses the thresholds given', () => {
    // 0.4 and 0.1 of 15: blue at 6, yellow at 2 (rounded up)
    const thresholds = { blue: 0.4, yellow: 0.1 };
    const at = (now: string) =>
      clockStatus({ rule: p2, startAt, dueAt, pauses: [], now: cst(now), thresholds, calendar });
    expect(at('2026-03-13T10:00').colour).toBe('normal'); // 7 left
    expect(at('2026-03-16T10:00').colour).toBe('blue'); // 6 left
    expect(at('2026-03-19T10:00').colour).toBe('blue'); // 3 left
    expect(at('2026-03-20T10:00').colour).toBe('yellow'); // 2 left
  });

  describe('while paused', () => {
    const paused: ClockPause[] = [{ from: cst('2026-03-12T10:00'), to: null }];

    it('freezes the colour at the moment the pause began', () => {
      // paused on 03-12 with 8 days left (blue); days later it would be yellow or red if running
      expect(statusAt('2026-03-20T10:00', paused)).toEqual({
        colour: 'blue',
        remaining: 8,
        remainingUnit: 'workingDays',
        paused: true,
        overdue: false,
      });
      expect(statusAt('2026-04-30T10:00', paused)).toMatchObject({ colour: 'blue', overdue: false, paused: true });
    });

    it('stays red when the pause began after the due date', () => {
      expect(statusAt('2026-04-30T10:00', [{ from: cst('2026-03-25T10:00'), to: null }])).toMatchObject({
        colour: 'red',
        overdue: true,
        paused: true,
        remaining: -2,
      });
    });

    it('is not paused before the pause begins', () => {
      expect(statusAt('2026-03-11T10:00', paused)).toMatchObject({ colour: 'normal', paused: false, remaining: 9 });
    });

    it('runs on from the day after the resumption, the pause day having been counted', () => {
      // given: resumed Monday 03-16; 03-13 … 03-16 excluded (working days 03-13 and 03-16): due 03-25
      const pauses = [{ from: cst('2026-03-12T10:00'), to: cst('2026-03-16T09:00') }];
      const resumedDue = computeDue(p2, startAt, pauses, calendar).dueAt;

      // when
      const now = cst('2026-03-16T12:00');
      const status = clockStatus({ rule: p2, startAt, dueAt: resumedDue, pauses, now, calendar });

      // then: 03-17 … 03-20, 03-23 … 03-25 remain
      expect(resumedDue).toEqual(cst('2026-03-25T23:59:59.999'));
      expect(status).toEqual({
        colour: 'blue',
        remaining: 7,
        remainingUnit: 'workingDays',
        paused: false,
        overdue: false,
      });
    });

    it('rejects two open pauses', () => {
      const twoOpen = [
        { from: cst('2026-03-05T10:00'), to: null },
        { from: cst('2026-03-12T10:00'), to: null },
      ];
      expect(() => statusAt('2026-03-20T10:00', twoOpen)).toThrow(ClockPausesInvalidError);
    });
  });
});

describe('clockStatus for calendar days', () => {
  // F1: 30 days from 2026-09-01 rolls over National Day to 10-08: 37 days; blue at 19, yellow at 8 days left
  const f1 = DEFAULT_CLOCK_RULES.F1;
  const startAt = cst('2026-09-01T09:00');

  it.each([
    ['2026-09-02T10:00', 'normal', 37],
    ['2026-09-19T10:00', 'normal', 20],
    ['2026-09-20T10:00', 'blue', 19],
    ['2026-09-30T10:00', 'blue', 9],
    ['2026-10-01T10:00', 'yellow', 8],
    ['2026-10-08T23:00', 'yellow', 1],
    ['2026-10-10T10:00', 'red', -2],
  ])('at %s it is %s with %d calendar days remaining', (now, colour, remaining) => {
    expect(clockStatus({ rule: f1, startAt, pauses: [], now: cst(now), calendar })).toEqual({
      colour,
      remaining,
      remainingUnit: 'calendarDays',
      paused: false,
      overdue: colour === 'red',
    });
  });
});

describe('clockStatus for hours', () => {
  const hours: ClockRule = { id: 'H', name: '测试', unit: 'hours', amount: 24, pausable: false, basis: 'test' };
  const startAt = cst('2026-02-16T10:00');

  it.each([
    ['2026-02-16T11:00', 'normal', 23],
    ['2026-02-16T22:00', 'blue', 12],
    ['2026-02-17T05:12', 'yellow', 4.8],
    ['2026-02-17T10:00', 'yellow', 0],
    ['2026-02-17T11:00', 'red', -1],
  ])('at %s it is %s with %d hours remaining', (now, colour, remaining) => {
    const status = clockStatus({ rule: hours, startAt, pauses: [], now: cst(now), calendar });
    expect(status).toMatchObject({ colour, remainingUnit: 'hours', overdue: colour === 'red' });
    expect(status.remaining).toBeCloseTo(remaining, 9);
  });
});
