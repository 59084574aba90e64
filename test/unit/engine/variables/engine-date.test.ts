import { formatEngineDate, formatEngineDateOrNull, parseEngineDate } from '../../../../src/engine/variables/index.js';

/** The expected rendering, computed independently: shift by the zone offset, then use toISOString. */
function expectedLocal(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const abs = Math.abs(offset);
  const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return new Date(d.getTime() + offset * 60_000).toISOString().replace('Z', zone);
}

describe('formatEngineDate', () => {
  test.each([
    ['a winter instant', Date.UTC(2026, 0, 25, 5, 33, 42, 165)],
    ['a summer instant', Date.UTC(2025, 6, 1, 23, 59, 59, 999)],
    ['the epoch', 0],
    ['a leap day', Date.UTC(2024, 1, 29, 12, 0, 0, 7)],
  ])('renders %s in the local time zone with a ±HHmm offset', (_label, t) => {
    const d = new Date(t);
    const text = formatEngineDate(d);
    expect(text).toBe(expectedLocal(d));
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/);
  });

  test('round-trips through parseEngineDate to the same instant', () => {
    const d = new Date(Date.UTC(2026, 0, 25, 5, 33, 42, 165));
    expect(parseEngineDate(formatEngineDate(d))?.getTime()).toBe(d.getTime());
  });

  test('refuses an invalid date', () => {
    expect(() => formatEngineDate(new Date(NaN))).toThrow('invalid date');
  });

  test.each([[null], [undefined]])('the OrNull variant gives null for %p', (d) => {
    expect(formatEngineDateOrNull(d)).toBeNull();
  });

  test('the OrNull variant formats a date', () => {
    const d = new Date(1_700_000_000_000);
    expect(formatEngineDateOrNull(d)).toBe(formatEngineDate(d));
  });
});

describe('parseEngineDate', () => {
  const t = Date.UTC(2024, 0, 1, 10, 0, 0, 0);
  test.each([
    ['the client format with +0000', '2024-01-01T10:00:00.000+0000', t],
    ['a positive offset', '2024-01-01T18:00:00.000+0800', t],
    ['a negative offset', '2024-01-01T05:30:00.000-0430', t],
    ['an offset with a colon', '2024-01-01T18:00:00.000+08:00', t],
    ['a trailing Z', '2024-01-01T10:00:00.000Z', t],
    ['no milliseconds', '2024-01-01T10:00:00+0000', t],
    ['no milliseconds and Z', '2024-01-01T10:00:00Z', t],
    ['one digit of milliseconds', '2024-01-01T10:00:00.5Z', t + 500],
    ['microseconds (truncated)', '2024-01-01T10:00:00.123456Z', t + 123],
    ['the Camunda docs example', '2013-01-23T14:42:45.000+0200', Date.UTC(2013, 0, 23, 12, 42, 45)],
    ['a leap day', '2024-02-29T00:00:00.000+0000', Date.UTC(2024, 1, 29)],
  ])('reads %s', (_label, text, expected) => {
    expect(parseEngineDate(text)?.getTime()).toBe(expected);
  });

  test.each([
    ['an empty string', ''],
    ['a date without time', '2024-01-01'],
    ['a time without zone', '2024-01-01T10:00:00.000'],
    ['month 13', '2024-13-01T10:00:00.000+0000'],
    ['February 30', '2024-02-30T10:00:00.000+0000'],
    ['February 29 of a common year', '2023-02-29T10:00:00.000+0000'],
    ['hour 24', '2024-01-01T24:00:00.000+0000'],
    ['minute 60', '2024-01-01T10:60:00.000+0000'],
    ['an offset minute 60', '2024-01-01T10:00:00.000+0060'],
    ['a space instead of T', '2024-01-01 10:00:00.000+0000'],
    ['free text', 'yesterday'],
    ['epoch millis as text', '1704103200000'],
  ])('returns null for %s', (_label, text) => {
    expect(parseEngineDate(text)).toBeNull();
  });

  test('returns null for a non-string at run time', () => {
    expect(parseEngineDate(42 as unknown as string)).toBeNull();
  });
});
