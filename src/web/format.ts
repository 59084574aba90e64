/** The time zone the officers work in: dates are shown in China time whatever the browser's zone. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

/** An ISO 8601 instant as a date and time in China time, in the manner of `language` (`2026/09/01 14:05`); '—' when absent. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formats.set(language, format);
  }
  return format.format(date);
}
