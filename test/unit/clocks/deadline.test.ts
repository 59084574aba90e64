import {
  CalendarYearNotCoveredError,
  ClockPausesInvalidError,
  DEFAULT_CLOCK_RULES,
  HolidayCalendar,
  computeDue,
  computeWindowStart,
  isPaused,
  parseSupplementaryCalendar,
  type ClockRule,
} from '../../../src/clocks/index.js';

/** An instant written as local time in Beijing, e.g. `cst('2026-02-11T10:00')`. */
function cst(local: string): Date {
  return new Date(`${local}${local.length === 16 ? ':00' : ''}+08:00`);
}

/** The last instant of a day in Beijing: where a day-based period ends. */
function endOf(day: string): Date {
  return cst(`${day}T23:59:59.999`);
}

function rule(overrides: Partial<ClockRule>): ClockRule {
  return { id: 'T', name: '测试期限', unit: 'workingDays', amount: 5, pausable: false, basis: 'test', ...overrides };
}

const calendar = new HolidayCalendar();

/** The due date of an unpaused clock on the bundled calendar. */
function dueAt(clockRule: ClockRule, startAt: Date): Date {
  return computeDue(clockRule, startAt, [], calendar).dueAt;
}

// 2026 in Beijing: Jan 1 is a Thursday, so Mar 2 is a Monday. Spring Festival holidays 02-15 … 02-23 with
// Saturdays 02-14 and 02-28 worked; National Day 10-01 … 10-07; Qingming 04-04 … 04-06.

describe('computeDue for working days', () => {
  it('skips the 2026 Spring Festival holiday and counts the adjusted working Saturday 2026-02-14', () => {
    // given: received Wednesday 2026-02-11
    // counting: 02-12 Thu (1), 02-13 Fri (2), 02-14 Sat worked (3), 02-15 … 02-23 off, 02-24 Tue (4), 02-25 Wed (5)
    const due = computeDue(DEFAULT_CLOCK_RULES.P1, cst('2026-02-11T10:00'), [], calendar);

    // then
    expect(due.dueAt).toEqual(endOf('2026-02-25'));
    expect(due.dueAt.toISOString()).toBe('2026-02-25T15:59:59.999Z');
  });

  it('counts an adjusted working Saturday like any working day', () => {
    // 02-13 Fri (1), 02-14 Sat worked (2)
    expect(computeDue(rule({ amount: 2 }), cst('2026-02-12T09:00'), [], calendar).dueAt).toEqual(endOf('2026-02-14'));
    // 02-26 Thu (1), 02-27 Fri (2), 02-28 Sat worked (3)
    expect(computeDue(rule({ amount: 3 }), cst('2026-02-25T09:00'), [], calendar).dueAt).toEqual(endOf('2026-02-28'));
  });

  it('does not count the start day, however late in the day the clock starts', () => {
    // Monday 03-02: 03-03 (1) 03-04 (2) 03-05 (3) 03-06 (4), weekend, 03-09 (5)
    expect(dueAt(DEFAULT_CLOCK_RULES.P1, cst('2026-03-02T00:00'))).toEqual(endOf('2026-03-09'));
    expect(dueAt(DEFAULT_CLOCK_RULES.P1, cst('2026-03-02T23:59'))).toEqual(endOf('2026-03-09'));
    // one working day from Friday 03-06 ends on Monday 03-09
    expect(computeDue(rule({ amount: 1 }), cst('2026-03-06T16:00'), [], calendar).dueAt).toEqual(endOf('2026-03-09'));
  });

  it('takes the start day in Beijing time, not in UTC', () => {
    // 2026-03-02T17:00Z is Tuesday 03-03 01:00 in Beijing: 03-04 … 03-06, 03-09, 03-10
    expect(dueAt(DEFAULT_CLOCK_RULES.P1, new Date('2026-03-02T17:00:00Z'))).toEqual(
      endOf('2026-03-10'),
    );
  });

  it('starts counting on the next working day when the clock starts on a weekend', () => {
    // Saturday 03-07: 03-09 … 03-13
    expect(dueAt(DEFAULT_CLOCK_RULES.P1, cst('2026-03-07T11:00'))).toEqual(endOf('2026-03-13'));
  });

  it('counts 15 working days for the city review (P2)', () => {
    // 03-03 … 03-06 (4), 03-09 … 03-13 (9), 03-16 … 03-20 (14), 03-23 (15)
    expect(dueAt(DEFAULT_CLOCK_RULES.P2, cst('2026-03-02T09:00'))).toEqual(endOf('2026-03-23'));
  });

  it('refuses to guess across into a year the calendar does not cover', () => {
    // 12-30 Wed (1), 12-31 Thu (2), then 2027, which the bundled calendar lacks
    expect(() => computeDue(DEFAULT_CLOCK_RULES.P1, cst('2026-12-29T09:00'), [], calendar)).toThrow(
      CalendarYearNotCoveredError,
    );
    expect(() => computeDue(DEFAULT_CLOCK_RULES.P1, cst('2030-03-01T09:00'), [], calendar)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_YEAR_NOT_COVERED', year: 2030 }),
    );
  });

  it('counts across into 2027 once a supplementary 2027 calendar is supplied', () => {
    // given: a made-up 2027 with New Year's Day Fri 01-01 … Sun 01-03 off
    const supplemented = new HolidayCalendar(
      parseSupplementaryCalendar({ years: [2027], holidays: ['2027-01-01', '2027-01-02', '2027-01-03'] }),
    );

    // when: 12-30 (1), 12-31 (2), 01-01 … 01-03 off, 01-04 Mon (3), 01-05 (4), 01-06 (5)
    const due = computeDue(DEFAULT_CLOCK_RULES.P1, cst('2026-12-29T09:00'), [], supplemented);

    // then
    expect(due.dueAt).toEqual(endOf('2027-01-06'));
  });
});

describe('computeDue with pauses', () => {
  const p2 = DEFAULT_CLOCK_RULES.P2; // 15 working days, pausable; unpaused from 03-02 it ends 03-23
  const start = cst('2026-03-02T09:00');

  function pausedDue(from: string, to: string): Date {
    return computeDue(p2, start, [{ from: cst(from), to: cst(to) }], calendar).dueAt;
  }

  it('shifts the due date by exactly the working days paused while the applicant corrects materials', () => {
    // paused Thu 03-05, resumed Wed 03-11: 03-06 … 03-11 excluded = 4 working days (06, 09, 10, 11)
    // 03-23 + 4 working days = 03-24, 03-25, 03-26, 03-27
    expect(pausedDue('2026-03-05T10:00', '2026-03-11T15:00')).toEqual(endOf('2026-03-27'));
  });

  it('still counts the day the pause began, and a pause within one day excludes nothing', () => {
    expect(pausedDue('2026-03-05T10:00', '2026-03-05T16:00')).toEqual(endOf('2026-03-23'));
  });

  it('excludes only the working days of a pause spanning a weekend', () => {
    // paused Fri 03-06, resumed Mon 03-09: 03-07, 03-08, 03-09 excluded, of which one working day
    expect(pausedDue('2026-03-06T17:00', '2026-03-09T08:30')).toEqual(endOf('2026-03-24'));
  });

  it('excludes only the working days of a pause spanning the Spring Festival', () => {
    // unpaused, 15 working days from Mon 02-09: 02-10 … 02-14 (5), 02-24 … 02-28 (10), 03-02 … 03-06 (15)
    // paused Fri 02-13, resumed Wed 02-25: 02-14 … 02-25 excluded, working days among them 02-14, 02-24, 02-25
    // so 3 more working days: 03-09, 03-10, 03-11
    const from = cst('2026-02-13T10:00');
    const to = cst('2026-02-25T10:00');
    expect(dueAt(p2, cst('2026-02-09T09:00'))).toEqual(endOf('2026-03-06'));
    expect(computeDue(p2, cst('2026-02-09T09:00'), [{ from, to }], calendar).dueAt).toEqual(endOf('2026-03-11'));
  });

  it('adds up several pauses', () => {
    // 4 working days (03-06 … 03-11) + 1 (paused Mon 03-16, resumed Tue 03-17) = 5: 03-24 … 03-27, 03-30
    const due = computeDue(
      p2,
      cst('2026-03-02T09:00'),
      [
        { from: cst('2026-03-05T10:00'), to: cst('2026-03-11T15:00') },
        { from: cst('2026-03-16T10:00'), to: cst('2026-03-17T10:00') },
      ],
      calendar,
    );
    expect(due.dueAt).toEqual(endOf('2026-03-30'));
  });

  it('ignores pauses for a clock that cannot be paused', () => {
    const due = computeDue(
      DEFAULT_CLOCK_RULES.P1,
      cst('2026-03-02T09:00'),
      [{ from: cst('2026-03-03T10:00'), to: cst('2026-03-05T10:00') }, { from: cst('2026-03-06T10:00'), to: null }],
      calendar,
    );
    expect(due.dueAt).toEqual(endOf('2026-03-09'));
  });

  it('shifts a calendar-day period by the calendar days excluded, then rolls over the weekend', () => {
    // given: 10 calendar days from Mon 03-02 = 03-12; paused 03-04, resumed 03-06 excludes 03-05 and 03-06
    const tenDays = rule({ unit: 'calendarDays', amount: 10, pausable: true, rollOverHoliday: true });
    const pauses = [{ from: cst('2026-03-04T10:00'), to: cst('2026-03-06T10:00') }];

    // then: 03-14 is a Saturday, so the period ends Monday 03-16; without roll-over it ends on the Saturday
    expect(computeDue(tenDays, cst('2026-03-02T09:00'), pauses, calendar).dueAt).toEqual(endOf('2026-03-16'));
    expect(
      computeDue({ ...tenDays, rollOverHoliday: false }, cst('2026-03-02T09:00'), pauses, calendar).dueAt,
    ).toEqual(endOf('2026-03-14'));
  });

  it('adds the exact paused time to an hours period', () => {
    const hours = rule({ unit: 'hours', amount: 24, pausable: true });
    const pauses = [{ from: cst('2026-03-02T12:00'), to: cst('2026-03-02T14:30') }];
    const due = computeDue(hours, cst('2026-03-02T10:00'), pauses, calendar);
    expect(due.dueAt).toEqual(cst('2026-03-03T12:30'));
  });

  it('has no due date while the clock is paused', () => {
    // given: an open pause
    const pauses = [{ from: cst('2026-03-05T10:00'), to: null }];

    // then
    expect(() => computeDue(p2, cst('2026-03-02T09:00'), pauses, calendar)).toThrow(ClockPausesInvalidError);
    expect(() => computeDue(p2, cst('2026-03-02T09:00'), pauses, calendar)).toThrow(
      expect.objectContaining({ code: 'CLOCK_PAUSES_INVALID' }),
    );
    expect(isPaused(pauses)).toBe(true);
    expect(isPaused(pauses, cst('2026-03-05T09:00'))).toBe(false);
    expect(isPaused([{ from: cst('2026-03-05T10:00'), to: cst('2026-03-06T10:00') }])).toBe(false);
  });

  it('rejects a pause that begins before the clock or ends before it begins', () => {
    expect(() => pausedDue('2026-03-01T10:00', '2026-03-03T10:00')).toThrow(ClockPausesInvalidError);
    expect(() => pausedDue('2026-03-05T10:00', '2026-03-04T10:00')).toThrow(ClockPausesInvalidError);
  });
});

describe('computeDue for calendar days', () => {
  it('rolls over the National Day holiday to the next working day (F1)', () => {
    // 30 days from 09-01 is Thursday 10-01, National Day (10-01 … 10-07): the period ends Thursday 10-08
    expect(dueAt(DEFAULT_CLOCK_RULES.F1, cst('2026-09-01T09:00'))).toEqual(endOf('2026-10-08'));
  });

  it('ends on the holiday itself when the rule does not roll over', () => {
    const noRollOver = { ...DEFAULT_CLOCK_RULES.F1, rollOverHoliday: false };
    expect(dueAt(noRollOver, cst('2026-09-01T09:00'))).toEqual(endOf('2026-10-01'));
  });

  it('does not roll over when the last day is a working day, an adjusted Saturday included', () => {
    // 01-10 + 30 = Monday 02-09
    expect(dueAt(DEFAULT_CLOCK_RULES.F1, cst('2026-01-10T09:00'))).toEqual(endOf('2026-02-09'));
    // 01-15 + 30 = Saturday 02-14, a working day
    expect(dueAt(DEFAULT_CLOCK_RULES.F1, cst('2026-01-15T09:00'))).toEqual(endOf('2026-02-14'));
  });

  it('rolls over an ordinary weekend', () => {
    // 02-05 + 30 = Saturday 03-07 → Monday 03-09
    expect(dueAt(DEFAULT_CLOCK_RULES.FC, cst('2026-02-05T09:00'))).toEqual(endOf('2026-03-09'));
  });
});

describe('computeDue for months', () => {
  it('ends 6 months after Aug 31 at the end of February (P5)', () => {
    // 2026-02-28 is a Saturday, but a worked one, so it does not roll over
    expect(dueAt(DEFAULT_CLOCK_RULES.P5, cst('2025-08-31T10:00'))).toEqual(endOf('2026-02-28'));
    // leap year: Thursday 2024-02-29
    expect(dueAt(DEFAULT_CLOCK_RULES.P5, cst('2023-08-31T10:00'))).toEqual(endOf('2024-02-29'));
  });

  it('rolls over when the same day 6 months later falls in the Spring Festival', () => {
    // 2025-08-15 + 6 months = Sunday 2026-02-15 (holiday until 02-23) → Tuesday 02-24
    expect(dueAt(DEFAULT_CLOCK_RULES.P5, cst('2025-08-15T10:00'))).toEqual(endOf('2026-02-24'));
  });

  it('does not consult the calendar when the period does not roll over (G2, 3-year bar into 2029)', () => {
    expect(dueAt(DEFAULT_CLOCK_RULES.G2, cst('2026-03-31T10:00'))).toEqual(endOf('2029-03-31'));
  });
});

describe('computeDue for hours', () => {
  it('ends exactly the number of hours later, holidays or not', () => {
    // given: 24 hours from 10:00 on the first weekday of the Spring Festival
    const hours = rule({ unit: 'hours', amount: 24 });

    // when
    const due = computeDue(hours, cst('2026-02-16T10:00'), [], calendar);

    // then: warned when a fifth (4.8 h) remains
    expect(due.dueAt).toEqual(cst('2026-02-17T10:00'));
    expect(due.warnAt).toEqual(cst('2026-02-17T05:12'));
  });
});

describe('computeDue warnAt', () => {
  it('leaves paused time out of the last fifth of an hours period', () => {
    // 24 h from 03-02 10:00, paused 03-03 08:00 … 09:00: due 03-03 11:00; of the last 4.8 running hours,
    // 2 lie after the pause (09:00 … 11:00) and 2.8 before it (05:12 … 08:00)
    const hours = rule({ unit: 'hours', amount: 24, pausable: true });
    const pauses = [{ from: cst('2026-03-03T08:00'), to: cst('2026-03-03T09:00') }];

    const due = computeDue(hours, cst('2026-03-02T10:00'), pauses, calendar);

    expect(due.dueAt).toEqual(cst('2026-03-03T11:00'));
    expect(due.warnAt).toEqual(cst('2026-03-03T05:12'));
  });

  it('is the start of the first day on which at most a fifth of the working days remain (P2)', () => {
    // 15 working days to 03-23; a fifth is 3: 03-19, 03-20, 03-23 remain from Thursday 03-19 on
    const due = computeDue(DEFAULT_CLOCK_RULES.P2, cst('2026-03-02T09:00'), [], calendar);
    expect(due.warnAt).toEqual(cst('2026-03-19T00:00'));
  });

  it('is at least the start of the last day of a short period', () => {
    // 5 working days across the Spring Festival end 02-25; a fifth is 1 day: from 02-25
    const due = computeDue(DEFAULT_CLOCK_RULES.P1, cst('2026-02-11T10:00'), [], calendar);
    expect(due.warnAt).toEqual(cst('2026-02-25T00:00'));
  });

  it('begins on the weekend before a Monday due date, when only that Monday remains', () => {
    // 5 working days from Monday 03-02 end Monday 03-09; from Saturday 03-07 only the Monday is left
    const due = computeDue(DEFAULT_CLOCK_RULES.P1, cst('2026-03-02T09:00'), [], calendar);
    expect(due.warnAt).toEqual(cst('2026-03-07T00:00'));
  });

  it('follows the thresholds given', () => {
    // a tenth of 15 rounds up to 2 days: 03-20 and 03-23
    const due = computeDue(DEFAULT_CLOCK_RULES.P2, cst('2026-03-02T09:00'), [], calendar, { blue: 0.4, yellow: 0.1 });
    expect(due.warnAt).toEqual(cst('2026-03-20T00:00'));
  });

  it('counts calendar days for calendar-day periods, roll-over included', () => {
    // F1 from 09-01 ends 10-08: 37 days; a fifth rounds up to 8: 10-01 … 10-08
    const due = computeDue(DEFAULT_CLOCK_RULES.F1, cst('2026-09-01T09:00'), [], calendar);
    expect(due.warnAt).toEqual(cst('2026-10-01T00:00'));
  });

  it('is the start itself when the period is too short to warn later', () => {
    // one working day: the whole period is its last day
    const start = cst('2026-03-02T09:00');
    expect(computeDue(rule({ amount: 1 }), start, [], calendar).warnAt).toEqual(start);
  });
});

describe('computeWindowStart', () => {
  it('opens the cross-region filing window (F3) 30 working days before the service starts', () => {
    // service starts Monday 2026-03-02; counting back from Sunday 03-01:
    // 02-28 Sat worked (1), 02-27 … 02-24 (5), 02-23 … 02-15 off, 02-14 Sat worked (6), 02-13 … 02-09 (11),
    // 02-06 … 02-02 (16), 01-30 … 01-26 (21), 01-23 … 01-19 (26), 01-16 … 01-13 (30)
    const serviceStart = cst('2026-03-02T09:00');
    expect(computeWindowStart(DEFAULT_CLOCK_RULES.F3, serviceStart, calendar)).toEqual(cst('2026-01-13T00:00'));
  });

  it('answers with a local date when given the service start as a local date', () => {
    expect(computeWindowStart(DEFAULT_CLOCK_RULES.F3, '2026-03-02', calendar)).toBe('2026-01-13');
  });

  it('does not count the start day and skips the holiday', () => {
    // 3 working days before Tuesday 02-24: 02-14 Sat worked (1), 02-13 (2), 02-12 (3)
    const threeBefore = rule({ amount: 3, direction: 'before' });
    expect(computeWindowStart(threeBefore, cst('2026-02-24T09:00'), calendar)).toEqual(cst('2026-02-12T00:00'));
  });

  it('also counts calendar days back', () => {
    const tenDaysBefore = rule({ unit: 'calendarDays', amount: 10, direction: 'before' });
    expect(computeWindowStart(tenDaysBefore, cst('2026-03-02T09:00'), calendar)).toEqual(cst('2026-02-20T00:00'));
  });

  it('refuses to guess in a year the calendar does not cover', () => {
    expect(() => computeWindowStart(DEFAULT_CLOCK_RULES.F3, cst('2027-03-01T09:00'), calendar)).toThrow(
      CalendarYearNotCoveredError,
    );
  });

  it('is kept apart from due dates: each function refuses a rule of the other direction', () => {
    expect(() => computeDue(DEFAULT_CLOCK_RULES.F3, cst('2026-03-02T09:00'), [], calendar)).toThrow(
      expect.objectContaining({ code: 'INTERNAL_ERROR' }),
    );
    expect(() => computeWindowStart(DEFAULT_CLOCK_RULES.P1, cst('2026-03-02T09:00'), calendar)).toThrow(
      expect.objectContaining({ code: 'INTERNAL_ERROR' }),
    );
  });
});
