import { ValidationError } from '../../../src/errors.js';
import { formatChineseDate, formatNumericChineseDate } from '../../../src/documents/index.js';

describe('formatChineseDate', () => {
  it('writes an instant in Chinese numerals', () => {
    expect(formatChineseDate(new Date('2026-11-22T10:00+08:00'))).toBe('二〇二六年十一月二十二日');
  });

  it('takes the calendar date in UTC+08:00, not UTC or the machine zone', () => {
    expect(formatChineseDate(new Date('2026-12-31T20:00:00Z'))).toBe('二〇二七年一月一日');
    expect(formatChineseDate(new Date('2026-12-31T15:59:59Z'))).toBe('二〇二六年十二月三十一日');
  });

  it.each([
    ['2026-01-01', '二〇二六年一月一日'],
    ['2026-10-10', '二〇二六年十月十日'],
    ['2026-02-19', '二〇二六年二月十九日'],
    ['2030-12-20', '二〇三〇年十二月二十日'],
    ['2008-08-31', '二〇〇八年八月三十一日'],
  ])('writes the calendar date %s as %s', (date, expected) => {
    expect(formatChineseDate(date)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', '26-1-1', ''])('rejects the malformed date %p', (date) => {
    expect(() => formatChineseDate(date)).toThrow(ValidationError);
  });

  it('rejects an invalid Date', () => {
    expect(() => formatChineseDate(new Date('nonsense'))).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_DATA_INVALID' }),
    );
  });
});

describe('formatNumericChineseDate', () => {
  it('writes a date with Arabic numerals and no padding', () => {
    expect(formatNumericChineseDate('2026-11-02')).toBe('2026年11月2日');
    expect(formatNumericChineseDate(new Date('2026-12-31T20:00:00Z'))).toBe('2027年1月1日');
  });
});
