import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CalendarYearNotCoveredError,
  checkCalendarYear,
  ClockConfigError,
  HolidayCalendar,
  loadHolidayCalendar,
  loadSupplementaryCalendar,
  parseSupplementaryCalendar,
} from '../../../src/clocks/index.js';

/**
 * A made-up 2027 arrangement for the tests only (the State Council publishes the real one in late 2026):
 * New Year's Day Fri 01-01 … Sun 01-03; a Spring Festival break 02-06 … 02-12; Saturday 02-20 worked.
 */
const HYPOTHETICAL_2027 = {
  years: [2027],
  holidays: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
  ],
  workdays: ['2027-02-20'],
};

describe('HolidayCalendar', () => {
  const calendar = new HolidayCalendar();

  describe('isWorkingDay with the bundled calendar', () => {
    it('counts the adjusted working Saturdays of the 2026 Spring Festival as working days', () => {
      expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
      expect(calendar.isAdjustedWorkday('2026-02-14')).toBe(true);
    });

    it('treats every day of the 2026 Spring Festival (02-15 … 02-23) as a day off', () => {
      for (const day of ['15', '16', '17', '18', '19', '20', '21', '22', '23']) {
        expect(calendar.isWorkingDay(`2026-02-${day}`)).toBe(false);
      }
      expect(calendar.isHoliday('2026-02-17')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    });

    it('follows the weekday rule on ordinary days', () => {
      expect(calendar.isWorkingDay('2026-03-02')).toBe(true); // Monday
      expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
      expect(calendar.isWorkingDay('2026-03-08')).toBe(false); // Sunday
      expect(calendar.isHoliday('2026-03-07')).toBe(false);
    });

    it('knows the other 2026 adjusted working days and holidays', () => {
      for (const day of ['2026-01-04', '2026-05-09', '2026-09-20', '2026-10-10']) {
        expect(calendar.isWorkingDay(day)).toBe(true);
      }
      for (const day of ['2026-01-02', '2026-04-06', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-07']) {
        expect(calendar.isWorkingDay(day)).toBe(false);
      }
    });

    it('reads an instant as its date in UTC+08:00', () => {
      // 2026-02-14T16:30Z is Sunday 2026-02-15 00:30 in Beijing (Spring Festival), although still the 14th in UTC
      expect(calendar.isWorkingDay(new Date('2026-02-14T16:30:00Z'))).toBe(false);
      expect(calendar.isWorkingDay(new Date('2026-02-14T15:30:00Z'))).toBe(true);
    });

    it('rejects a malformed date', () => {
      expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    });
  });

  describe('coverage', () => {
    it('covers the years the bundled data has holidays for, 2004 to 2026', () => {
      expect(calendar.coveredYears[0]).toBe(2004);
      expect(calendar.coveredYears[calendar.coveredYears.length - 1]).toBe(2026);
      expect(calendar.covers(2026)).toBe(true);
      expect(calendar.covers(2027)).toBe(false);
    });

    it('refuses to guess for a year it does not cover (2030)', () => {
      // when
      const attempt = () => calendar.isWorkingDay('2030-01-02');

      // then
      expect(attempt).toThrow(CalendarYearNotCoveredError);
      try {
        attempt();
      } catch (error) {
        expect(error).toMatchObject({
          code: 'CALENDAR_YEAR_NOT_COVERED',
          status: 503,
          kind: 'operational',
          year: 2030,
        });
        expect((error as Error).message).toContain('2030');
        expect((error as Error).message).toContain('HOLIDAY_CALENDAR_FILE');
      }
    });

    it('refuses a weekend in an uncovered year too: no weekday rule is assumed', () => {
      expect(() => calendar.isWorkingDay('2027-01-09')).toThrow(CalendarYearNotCoveredError);
    });
  });

  describe('with a supplementary calendar', () => {
    it('answers for the supplied year (2027) from the supplied holidays and working days', () => {
      // given
      const supplemented = new HolidayCalendar(parseSupplementaryCalendar(HYPOTHETICAL_2027));

      // then
      expect(supplemented.covers(2027)).toBe(true);
      expect(supplemented.isWorkingDay('2027-01-01')).toBe(false); // Friday, holiday
      expect(supplemented.isWorkingDay('2027-01-04')).toBe(true); // Monday
      expect(supplemented.isWorkingDay('2027-02-08')).toBe(false); // Monday, holiday
      expect(supplemented.isWorkingDay('2027-02-20')).toBe(true); // adjusted Saturday
      expect(supplemented.isWorkingDay('2027-02-27')).toBe(false); // ordinary Saturday
      expect(supplemented.isWorkingDay('2026-02-14')).toBe(true); // bundled years still answered
      expect(() => supplemented.isWorkingDay('2028-01-03')).toThrow(CalendarYearNotCoveredError);
    });

    it('replaces the bundled data of a year it lists', () => {
      // given: an operator correction of 2026 that keeps New Year's Day only
      const corrected = new HolidayCalendar(
        parseSupplementaryCalendar({ years: [2026], holidays: ['2026-01-01'], workdays: [] }),
      );

      // then
      expect(corrected.isWorkingDay('2026-02-17')).toBe(true);
      expect(corrected.isWorkingDay('2026-02-14')).toBe(false);
      expect(new HolidayCalendar().isWorkingDay('2026-02-17')).toBe(false);
    });

    it('treats missing workdays as none', () => {
      const parsed = parseSupplementaryCalendar({ years: [2027], holidays: ['2027-01-01'] });
      expect(parsed.workdays).toEqual([]);
    });
  });

  describe('with years entered by administrators', () => {
    it('answers for an entered year, says where each year comes from, and forgets an entry the next reading lacks', () => {
      // given: the bundled calendar, a file correcting 2026, and 2027 entered
      const calendar = new HolidayCalendar(parseSupplementaryCalendar({ years: [2026], holidays: ['2026-01-01'], workdays: [] }));
      calendar.useEnteredYears([{ year: 2027, holidays: ['2027-01-01'], workdays: [] }]);

      // then
      expect(calendar.covers(2027)).toBe(true);
      expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
      expect(calendar.isWorkingDay('2027-02-08')).toBe(true);
      expect(calendar.year(2027)).toEqual({ year: 2027, source: 'entered', holidays: ['2027-01-01'], workdays: [] });
      expect(calendar.year(2026)?.source).toBe('file');
      expect(calendar.year(2025)?.source).toBe('bundled');
      expect(calendar.year(2028)).toBeNull();
      expect(calendar.coveredYears.at(-1)).toBe(2027);

      // when: the entries are read again without 2027
      calendar.useEnteredYears([]);
      expect(calendar.covers(2027)).toBe(false);
      expect(() => calendar.isWorkingDay('2027-01-04')).toThrow(CalendarYearNotCoveredError);
    });

    it('lets an entered year take precedence over the file and the bundled data of that year', () => {
      const calendar = new HolidayCalendar(parseSupplementaryCalendar({ years: [2026], holidays: ['2026-01-01'], workdays: [] }));
      calendar.useEnteredYears([{ year: 2026, holidays: ['2026-01-01', '2026-02-17'], workdays: ['2026-02-14'] }]);
      expect(calendar.isWorkingDay('2026-02-17')).toBe(false);
      expect(calendar.isAdjustedWorkday('2026-02-14')).toBe(true);
      expect(calendar.year(2026)?.source).toBe('entered');
    });
  });
});

describe('checkCalendarYear', () => {
  it('finds nothing wrong with a whole year\'s arrangement', () => {
    expect(checkCalendarYear(2027, HYPOTHETICAL_2027.holidays, HYPOTHETICAL_2027.workdays)).toEqual([]);
  });

  it('names each date at fault by its place in the list given', () => {
    const issues = checkCalendarYear(2027, ['2027-01-01', '2026-12-31'], ['2027-01-05', '2027-01-01', '2028-01-01']);
    // New Year's Day 2027 is a Friday: both a holiday and a weekday; 2028-01-01 is a Saturday, but of another year
    expect(issues.map((i) => i.path)).toEqual(['holidays.1', 'workdays.0', 'workdays.1', 'workdays.1', 'workdays.2']);
    expect(issues[0]?.message).toBe('2026-12-31 is not in 2027');
    expect(issues[1]?.message).toMatch(/^2027-01-05 is a Tuesday; adjusted working days/);
    expect(issues[2]?.message).toBe('2027-01-01 is also listed as a holiday');
  });

  it('asks for the holidays of a year listing none', () => {
    expect(checkCalendarYear(2027, [], [])).toEqual([{ path: 'holidays', message: expect.stringContaining("holidays of 2027") }]);
  });
});

describe('parseSupplementaryCalendar', () => {
  function issuesOf(value: unknown): Array<{ path: string; message: string }> {
    try {
      parseSupplementaryCalendar(value, 'test calendar');
    } catch (error) {
      expect(error).toBeInstanceOf(ClockConfigError);
      expect(error).toMatchObject({ code: 'HOLIDAY_CALENDAR_INVALID' });
      expect((error as Error).message).toContain('test calendar');
      return (error as ClockConfigError).issues;
    }
    throw new Error('expected the calendar to be rejected');
  }

  it.each([
    ['a malformed date', { years: [2027], holidays: ['2027-01-01', '2027-02-30'] }, 'holidays.1'],
    ['a date outside the listed years', { years: [2027], holidays: ['2027-01-01', '2028-01-01'] }, 'holidays.1'],
    ['a working day on a weekday', { years: [2027], holidays: ['2027-01-01'], workdays: ['2027-02-08'] }, 'workdays.0'],
    [
      'a day both holiday and working day',
      { years: [2027], holidays: ['2027-01-01', '2027-01-02'], workdays: ['2027-01-02'] },
      'workdays.0',
    ],
    ['a listed year without holidays', { years: [2027, 2028], holidays: ['2027-01-01'] }, 'years.1'],
    ['no year at all', { years: [], holidays: [] }, 'years'],
    ['a year that is not a whole number', { years: [2027.5], holidays: [] }, 'years.0'],
    ['missing holidays', { years: [2027] }, 'holidays'],
    ['an unknown field', { years: [2027], holidays: ['2027-01-01'], holiday: [] }, ''],
  ])('rejects %s, naming the offending entry', (_case, value, path) => {
    expect(issuesOf(value).map((issue) => issue.path)).toContain(path);
  });

  it('explains why an adjusted working day on a weekday is wrong', () => {
    const [issue] = issuesOf({ years: [2027], holidays: ['2027-01-01'], workdays: ['2027-02-08'] });
    expect(issue?.message).toContain('Monday');
  });

  it('rejects something that is not an object', () => {
    expect(issuesOf([2027]).length).toBeGreaterThan(0);
  });
});

describe('loadSupplementaryCalendar and loadHolidayCalendar', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clocks-calendar-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('read a supplementary calendar JSON file and make its year available', async () => {
    // given
    const file = join(dir, 'holidays-2027.json');
    await writeFile(file, JSON.stringify(HYPOTHETICAL_2027));

    // when
    const supplementary = loadSupplementaryCalendar(file);
    const calendar = loadHolidayCalendar(file);

    // then
    expect(supplementary.years).toEqual([2027]);
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true);
  });

  it('give the bundled calendar when no file is configured', () => {
    const calendar = loadHolidayCalendar(undefined);
    expect(calendar.covers(2027)).toBe(false);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
  });

  it('report a missing file as an invalid calendar naming the file', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadSupplementaryCalendar(file)).toThrow(
      expect.objectContaining({ code: 'HOLIDAY_CALENDAR_INVALID' }),
    );
    expect(() => loadSupplementaryCalendar(file)).toThrow(file);
  });

  it('report a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "years": [2027], ');
    expect(() => loadSupplementaryCalendar(file)).toThrow(/not valid JSON/);
  });

  it('report an invalid calendar in a file', async () => {
    const file = join(dir, 'invalid.json');
    await writeFile(file, JSON.stringify({ years: [2027], holidays: ['2027-13-01'] }));
    expect(() => loadSupplementaryCalendar(file)).toThrow(/holidays\.0/);
  });
});
