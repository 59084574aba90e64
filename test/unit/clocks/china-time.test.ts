import {
  addCalendarDays,
  addCalendarMonths,
  calendarDaysBetween,
  dayOfWeek,
  endOfLocalDay,
  isLocalDate,
  startOfLocalDay,
  toLocalDate,
} from '../../../src/clocks/index.js';

describe('toLocalDate', () => {
  it('reads an instant as a calendar date in UTC+08:00', () => {
    expect(toLocalDate(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(toLocalDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('does not depend on the time zone of the process', () => {
    // given
    const saved = process.env['TZ'];
    process.env['TZ'] = 'America/Los_Angeles';
    try {
      // when / then
      expect(toLocalDate(new Date('2026-03-02T17:00:00Z'))).toBe('2026-03-03');
      expect(startOfLocalDay('2026-03-03').toISOString()).toBe('2026-03-02T16:00:00.000Z');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('rejects an invalid Date', () => {
    expect(() => toLocalDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('startOfLocalDay and endOfLocalDay', () => {
  it('give the first and last instant of a day in China Standard Time', () => {
    expect(startOfLocalDay('2026-02-14').toISOString()).toBe('2026-02-13T16:00:00.000Z');
    expect(endOfLocalDay('2026-02-14').toISOString()).toBe('2026-02-14T15:59:59.999Z');
  });

  it('reject a date that does not exist', () => {
    expect(() => startOfLocalDay('2026-02-30')).toThrow(RangeError);
    expect(() => endOfLocalDay('2026-2-3')).toThrow(RangeError);
  });
});

describe('local date arithmetic', () => {
  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months keeping the day of the month, clamped to the end of a shorter month', () => {
    expect(addCalendarMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addCalendarMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addCalendarMonths('2026-01-15', 36)).toBe('2029-01-15');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('counts the days between two dates and tells the day of the week', () => {
    expect(calendarDaysBetween('2026-02-11', '2026-02-25')).toBe(14);
    expect(calendarDaysBetween('2026-02-25', '2026-02-11')).toBe(-14);
    expect(dayOfWeek('2026-02-14')).toBe(6);
    expect(dayOfWeek('2026-01-01')).toBe(4);
  });

  it('recognises real calendar dates only', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('20260101')).toBe(false);
  });
});
