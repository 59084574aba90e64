import { ProcessEngineException } from '../errors.js';

/**
 * Renders a date in Camunda's REST format `yyyy-MM-dd'T'HH:mm:ss.SSSZ` in the server's local time zone,
 * e.g. `2026-01-25T13:33:42.165+0800`. Used for every date the REST API writes.
 */
export function formatEngineDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new ProcessEngineException('Cannot format an invalid date');
  const offset = -d.getTimezoneOffset();
  const abs = Math.abs(offset);
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const day = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return `${day}T${time}${zone}`;
}

/** Like {@link formatEngineDate}, for optional dates: null/undefined become null (as in Camunda's JSON bodies). */
export function formatEngineDateOrNull(d: Date | null | undefined): string | null {
  return d == null ? null : formatEngineDate(d);
}

/**
 * Reads a date sent to the REST API: `yyyy-MM-dd'T'HH:mm:ss[.SSS]` followed by `±HHmm`, `±HH:mm` or `Z`.
 * Returns null when the text is not such a date (the caller decides which error to raise).
 */
export function parseEngineDate(s: string): Date | null {
  if (typeof s !== 'string') return null;
  const m = DATE_PATTERN.exec(s.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as
    [number, number, number, number, number, number];
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  d.setUTCHours(hour, minute, second, millis);
  return new Date(d.getTime() - offsetMinutes * 60_000);
}

// helpers ////

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
