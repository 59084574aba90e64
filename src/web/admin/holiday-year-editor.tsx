import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Space, Spin, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, fieldIssues } from '../api';
import { formatDateTime } from '../format';
import { leaveFreely, useLeaveGuard } from '../leave-guard';
import { usePeopleNames } from '../use-people-names';
import { holidayYear, saveHolidayYear, type HolidayYear, type HolidayYearChange } from './admin-api';
import { errorText } from './admin-common';
import { SOURCE_COLOURS } from './holidays-page';

/** What a day of the year is: a day off, an adjusted working Saturday or Sunday, or a plain weekend day or weekday. */
export type DayKind = 'holiday' | 'workday' | 'weekend' | 'weekday';

/** The days off and the adjusted working days of a year as being edited (`YYYY-MM-DD`). */
export interface YearMarks {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

/** The longest notice the server accepts as the basis (`basis` of `PUT /api/admin/holiday-calendar/{year}`). */
const MAX_BASIS_LENGTH = 200;
/** The years the editor opens. */
const YEAR = /^(19|20|21)\d{2}$/;
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
/** Monday to Sunday as `Date.getUTCDay()` numbers them. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** The year read for the editor: as the server has it, new (not covered yet), or why it could not be read. */
type Loading =
  | { state: 'loading' }
  | { state: 'ready'; stored: HolidayYear | null }
  | { state: 'failed'; error: string };

/** The server's objections to a save: by day (the date sent at the index named), and those naming no day. */
interface Objections {
  days: DayObjection[];
  other: string[];
}

interface DayObjection {
  kind: 'holiday' | 'workday';
  date: string;
  message: string;
}

/**
 * The editor of a year's holiday arrangement (`/admin/holidays/:year`, `calendar.manage`): the State Council notice
 * it follows, and the twelve months of the year in which each weekday is marked a day off (放假) or not, and each
 * Saturday and Sunday an adjusted working day (调休上班), a day off inside a holiday period, or a plain weekend day;
 * lines of dates and ranges entered at once (批量录入); a count of each. A year the calendar covers is read from the
 * server, any other starts empty. Saving stores the year for every node, which resumes the procedures stopped for
 * it; the server's objections are shown beside the notice, or listed under the months with their days marked. A
 * page with unsaved edits asks before it is left.
 */
export function HolidayYearEditor() {
  const { t } = useTranslation();
  const { year: yearParam = '' } = useParams();
  const navigate = useNavigate();
  const year = YEAR.test(yearParam) ? Number(yearParam) : null;
  const [loading, setLoading] = useState<Loading>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (year === null) return undefined;
    let current = true;
    setLoading({ state: 'loading' });
    holidayYear(year).then(
      (stored) => current && setLoading({ state: 'ready', stored }),
      // a year the calendar does not cover yet is entered from scratch
      (e: unknown) => current && setLoading(e instanceof ApiError && e.status === 404 ? { state: 'ready', stored: null } : { state: 'failed', error: errorText(t, e) }),
    );
    return () => {
      current = false;
    };
  }, [year, attempt]); // `t` only words a failure

  if (year === null) {
    return <Result status="404" title={t('admin.holidays.invalidYear', { year: yearParam })} extra={<Button onClick={() => void navigate('/admin/holidays')}>{t('admin.holidays.back')}</Button>} />;
  }
  if (loading.state === 'loading') return <Spin size="large" className="page-spin" />;
  if (loading.state === 'failed') {
    return (
      <Alert type="error" showIcon message={t('list.loadFailed')} description={loading.error}
        action={<Space direction="vertical"><Button size="small" onClick={() => setAttempt((a) => a + 1)}>{t('list.retry')}</Button><Button size="small" onClick={() => void navigate('/admin/holidays')}>{t('admin.holidays.back')}</Button></Space>} />
    );
  }
  return <YearForm key={year} year={year} stored={loading.stored} />;
}

/** The form of one year, from its stored arrangement (null for a year not covered yet). */
function YearForm({ year, stored }: { year: number; stored: HolidayYear | null }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ basis: string }>();
  const basis = Form.useWatch('basis', form) ?? stored?.basis ?? '';
  const [marks, setMarks] = useState<YearMarks>(() => ({ holidays: new Set(stored?.holidays ?? []), workdays: new Set(stored?.workdays ?? []) }));
  const [quick, setQuick] = useState('');
  const [quickOutcome, setQuickOutcome] = useState<{ applied: number; problems: string[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const [objections, setObjections] = useState<Objections>({ days: [], other: [] });
  const nameOf = usePeopleNames([stored?.updatedBy]);

  const edited = basis.trim() !== (stored?.basis ?? '').trim()
    || !sameDays(marks.holidays, stored?.holidays ?? []) || !sameDays(marks.workdays, stored?.workdays ?? []);
  useLeaveGuard(edited ? { title: t('admin.holidays.leave.title'), content: t('admin.holidays.leave.content'), okText: t('admin.holidays.leave.ok'), cancelText: t('admin.holidays.leave.cancel') } : null);

  const objected = useMemo(() => new Set(objections.days.map((o) => o.date)), [objections]);

  /** Marks `date` the next way a click gives, and forgets the server's objection to it. */
  const toggle = (date: string) => {
    setMarks((m) => nextMarks(date, m));
    setObjections((o) => ({ ...o, days: o.days.filter((d) => d.date !== date) }));
  };

  const applyQuick = () => {
    const read = readQuickEntry(quick, year);
    setMarks((m) => read.entries.reduce(applyEntry, m));
    setQuickOutcome({ applied: read.entries.length, problems: read.problems.map((p) => t('admin.holidays.quickProblem', { line: p.line, text: p.text, reason: t(`admin.holidays.quickReasons.${p.reason}`, { year, date: p.date }) })) });
    // what was applied leaves the box; what could not be read stays there to be corrected
    setQuick(read.problems.map((p) => p.text).join('\n'));
  };

  const save = async (values: { basis: string }) => {
    const change: HolidayYearChange = { basis: values.basis.trim(), holidays: [...marks.holidays].sort(), workdays: [...marks.workdays].sort() };
    setSaving(true);
    setObjections({ days: [], other: [] });
    try {
      const saved = await saveHolidayYear(year, change);
      void message.success(saved.retried > 0 ? t('admin.holidays.savedRetried', { year, count: saved.retried }) : t('admin.holidays.saved', { year }));
      // the edits are stored: back to the list without asking
      leaveFreely(() => void navigate('/admin/holidays'));
    } catch (e) {
      const found = objectionsOf(e, change, t);
      const basisProblems = fieldIssues(e).filter((i) => i.path === 'basis').map((i) => i.message);
      if (basisProblems.length) form.setFields([{ name: 'basis', errors: basisProblems }]);
      setObjections(found);
    } finally {
      setSaving(false);
    }
  };

  const holidays = marks.holidays.size;
  const workdays = marks.workdays.size;

  return (
    <div className="admin-page holiday-editor">
      <div className="admin-title-row">
        <Typography.Title level={3} className="admin-title">
          {t(stored ? 'admin.holidays.editTitle' : 'admin.holidays.newTitle', { year })}
          {stored && <Tag color={SOURCE_COLOURS[stored.source]} className="holiday-source" data-source={stored.source}>{t(`admin.holidays.sources.${stored.source}`)}</Tag>}
        </Typography.Title>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/admin/holidays')}>{t('admin.holidays.back')}</Button>
      </div>
      <Typography.Paragraph type="secondary">
        {stored?.source === 'entered'
          ? t('admin.holidays.storedEntered', { user: stored.updatedBy ? nameOf(stored.updatedBy) : '—', time: formatDateTime(stored.updatedAt, i18n.language) })
          : t(stored ? `admin.holidays.stored.${stored.source}` : 'admin.holidays.storedNone', { year })}
      </Typography.Paragraph>
      <Form<{ basis: string }> form={form} layout="vertical" initialValues={{ basis: stored?.basis ?? '' }} onFinish={(v) => void save(v)} scrollToFirstError data-testid="holiday-year-form">
        <Form.Item name="basis" label={t('admin.holidays.basisLabel')} className="holiday-basis"
          rules={[{ required: true, whitespace: true, message: t('admin.holidays.basisRequired') }, { max: MAX_BASIS_LENGTH, message: t('admin.holidays.basisTooLong', { count: MAX_BASIS_LENGTH }) }]}>
          <Input placeholder={t('admin.holidays.basisExample', { year, previous: year - 1 })} autoComplete="off" />
        </Form.Item>
        <Card size="small" title={t('admin.holidays.quick')} className="holiday-quick">
          <Typography.Paragraph type="secondary" className="holiday-hint">{t('admin.holidays.quickHint', { year })}</Typography.Paragraph>
          <Input.TextArea rows={4} value={quick} onChange={(e) => setQuick(e.target.value)} placeholder={t('admin.holidays.quickExample', { year })} aria-label={t('admin.holidays.quick')} data-testid="holiday-quick" />
          <Space wrap className="holiday-quick-actions">
            <Button onClick={applyQuick} disabled={!quick.trim()}>{t('admin.holidays.apply')}</Button>
            {quickOutcome && quickOutcome.problems.length === 0 && <Typography.Text type="success">{t('admin.holidays.applied', { count: quickOutcome.applied })}</Typography.Text>}
          </Space>
          {quickOutcome && quickOutcome.problems.length > 0 && (
            <Alert type="warning" showIcon data-testid="holiday-quick-problems"
              message={t('admin.holidays.quickProblems', { count: quickOutcome.applied })}
              description={<ul>{quickOutcome.problems.map((p) => <li key={p}>{p}</li>)}</ul>} />
          )}
        </Card>
        <Card size="small" title={t('admin.holidays.monthsTitle', { year })} className="holiday-months-card">
          <Typography.Paragraph type="secondary" className="holiday-hint">{t('admin.holidays.gridHint')}</Typography.Paragraph>
          <Legend />
          <div className="holiday-months">
            {MONTHS.map((month) => <MonthGrid key={month} year={year} month={month} marks={marks} objected={objected} onToggle={toggle} />)}
          </div>
          {objections.days.length > 0 && (
            <Alert type="error" showIcon className="holiday-day-problems" data-testid="holiday-day-problems" message={t('admin.holidays.dayProblems')}
              description={(
                <ul>
                  {objections.days.map((o, i) => (
                    <li key={`${o.kind}/${o.date}/${i}`} data-problem-date={o.date}>{t('admin.holidays.dayProblem', { kind: t(`admin.holidays.kinds.${o.kind}`), date: o.date, message: o.message })}</li>
                  ))}
                </ul>
              )} />
          )}
        </Card>
        {objections.other.length > 0 && <Alert type="error" showIcon className="holiday-problem" data-testid="holiday-problem" message={objections.other.join('；')} />}
        <div className="holiday-footer">
          <Typography.Text strong data-testid="holiday-summary">{t('admin.holidays.summary', { holidays, workdays })}</Typography.Text>
          <Space wrap>
            <Button onClick={() => void navigate('/admin/holidays')}>{t('admin.cancel')}</Button>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>{t('admin.save')}</Button>
          </Space>
        </div>
      </Form>
    </div>
  );
}

/** What the colours and marks of the days mean. */
function Legend() {
  const { t } = useTranslation();
  return (
    <div className="holiday-legend">
      {(['holiday', 'workday', 'weekend', 'weekday'] as const).map((kind) => (
        <span key={kind} className="holiday-legend-item">
          <span className={`holiday-day holiday-day-${kind} holiday-legend-swatch`} aria-hidden>{kind === 'holiday' || kind === 'workday' ? t(`admin.holidays.marks.${kind}`) : ''}</span>
          {t(`admin.holidays.kinds.${kind}`)}
        </span>
      ))}
    </div>
  );
}

/** A month, Monday first: each day a button showing its kind, the days the server objected to outlined. */
function MonthGrid({ year, month, marks, objected, onToggle }: { year: number; month: number; marks: YearMarks; objected: ReadonlySet<string>; onToggle: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const names = useMemo(() => ({
    month: new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }),
    weekday: new Intl.DateTimeFormat(i18n.language, { weekday: 'narrow', timeZone: 'UTC' }),
    day: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }),
  }), [i18n.language]);
  const days = daysOfMonth(year, month);
  const first = days[0] ?? isoDate(year, month, 1);
  // the days before the 1st in its week: Monday first
  const blanks = (weekdayOf(first) + 6) % 7;
  return (
    <div className="holiday-month" data-month={month}>
      <div className="holiday-month-title">{names.month.format(new Date(Date.UTC(year, month - 1, 1)))}</div>
      <div className="holiday-month-grid" role="group" aria-label={names.month.format(new Date(Date.UTC(year, month - 1, 1)))}>
        {WEEK.map((weekday) => (
          // 2024-01-01 was a Monday: the names of Monday to Sunday
          <span key={`head-${weekday}`} className={`holiday-weekday${weekday === 0 || weekday === 6 ? ' holiday-weekday-weekend' : ''}`} aria-hidden>
            {names.weekday.format(new Date(Date.UTC(2024, 0, weekday === 0 ? 7 : weekday)))}
          </span>
        ))}
        {Array.from({ length: blanks }, (_, i) => <span key={`blank-${i}`} className="holiday-blank" aria-hidden />)}
        {days.map((date) => {
          const kind = kindOf(date, marks);
          const mark = kind === 'holiday' || kind === 'workday' ? t(`admin.holidays.marks.${kind}`) : null;
          const label = `${names.day.format(new Date(`${date}T00:00:00Z`))} ${t(`admin.holidays.kinds.${kind}`)}`;
          return (
            <button key={date} type="button" className={`holiday-day holiday-day-${kind}${objected.has(date) ? ' holiday-day-error' : ''}`}
              data-date={date} data-kind={kind} data-error={objected.has(date) ? 'true' : undefined}
              aria-label={label} title={label} onClick={() => onToggle(date)}>
              <span className="holiday-day-number">{Number(date.slice(8))}</span>
              {mark && <span className="holiday-day-mark">{mark}</span>}
            </button>
          );
        })}
      </div>
    </div>
  );
}

// helpers ////

/** A line of the quick entry read: its dates and what they become. */
interface QuickEntry {
  dates: string[];
  kind: 'holiday' | 'workday';
}

/** Why a line of the quick entry was not applied (its text `admin.holidays.quickReasons.<reason>`). */
type QuickReason = 'unreadable' | 'invalidDate' | 'otherYear' | 'reversed' | 'notWeekend';

interface QuickProblem {
  line: number;
  text: string;
  reason: QuickReason;
  date?: string;
}

const DATE = String.raw`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`;
/** The end of a range may leave out its year (`2027-02-10~02-17`). */
const END_DATE = String.raw`(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})`;
/** `2027-01-01~2027-01-03 放假`, `2027-02-07 上班`: a date or a range (`~`, `至`, `到`, `-`), then 放假/休 or 上班/班. */
const QUICK_LINE = new RegExp(String.raw`^${DATE}(?:\s*(?:~|～|〜|至|到|-|－|—|–)\s*${END_DATE})?\s*[,，:：]?\s*(放假|休|上班|班|holiday|off|workday|work)$`, 'i');
const HOLIDAY_WORDS = new Set(['放假', '休', 'holiday', 'off']);

/** The lines of `text` that mark days of `year`, and those that cannot be applied and why; blank lines are skipped. */
function readQuickEntry(text: string, year: number): { entries: QuickEntry[]; problems: QuickProblem[] } {
  const entries: QuickEntry[] = [];
  const problems: QuickProblem[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const problem = (reason: QuickReason, date?: string) => problems.push({ line: index + 1, text: line, reason, ...(date ? { date } : {}) });
    const match = QUICK_LINE.exec(line);
    if (!match) {
      problem('unreadable');
      continue;
    }
    const [, y1, m1, d1, y2, m2, d2, word = ''] = match;
    const start = validDate(Number(y1), Number(m1), Number(d1));
    const end = m2 === undefined ? start : validDate(Number(y2 ?? y1), Number(m2), Number(d2));
    if (!start || !end) problem('invalidDate');
    else if (Number(start.slice(0, 4)) !== year || Number(end.slice(0, 4)) !== year) problem('otherYear');
    else if (end < start) problem('reversed');
    else {
      const dates = datesBetween(start, end);
      const kind = HOLIDAY_WORDS.has(word.toLowerCase()) ? 'holiday' : 'workday';
      const weekday = kind === 'workday' ? dates.find((d) => !isWeekend(d)) : undefined;
      if (weekday) problem('notWeekend', weekday);
      else entries.push({ dates, kind });
    }
  }
  return { entries, problems };
}

/** `marks` with the days of `entry` made days off, or adjusted working days. */
function applyEntry(marks: YearMarks, entry: QuickEntry): YearMarks {
  const holidays = new Set(marks.holidays);
  const workdays = new Set(marks.workdays);
  for (const date of entry.dates) {
    if (entry.kind === 'holiday') {
      holidays.add(date);
      workdays.delete(date);
    } else {
      workdays.add(date);
      holidays.delete(date);
    }
  }
  return { holidays, workdays };
}

/**
 * `marks` after a click on `date`: a weekday becomes a day off or stops being one; a Saturday or Sunday goes from
 * plain to an adjusted working day, to a day off inside a holiday period, and back to plain.
 */
function nextMarks(date: string, marks: YearMarks): YearMarks {
  const holidays = new Set(marks.holidays);
  const workdays = new Set(marks.workdays);
  const kind = kindOf(date, marks);
  holidays.delete(date);
  workdays.delete(date);
  // a day off becomes a plain weekday or weekend day again
  if (kind === 'weekday' || kind === 'workday') holidays.add(date);
  else if (kind === 'weekend') workdays.add(date);
  return { holidays, workdays };
}

/** What `date` is with `marks`. */
function kindOf(date: string, marks: YearMarks): DayKind {
  if (marks.holidays.has(date)) return 'holiday';
  if (marks.workdays.has(date)) return 'workday';
  return isWeekend(date) ? 'weekend' : 'weekday';
}

/**
 * The server's objections of a refused save: those naming a day sent (`holidays.<i>`, `workdays.<i>`) with that day,
 * the others (the basis aside, shown beside its field) as texts; the error itself when it names nothing.
 */
function objectionsOf(error: unknown, sent: HolidayYearChange, t: TFunction): Objections {
  const issues = fieldIssues(error);
  const days: DayObjection[] = [];
  const other: string[] = [];
  for (const issue of issues) {
    if (issue.path === 'basis') continue;
    const day = /^(holidays|workdays)(?:\.|\[)(\d+)\]?$/.exec(issue.path);
    const list = day?.[1] === 'holidays' ? sent.holidays : day?.[1] === 'workdays' ? sent.workdays : null;
    const date = list?.[Number(day?.[2])];
    if (day && date) days.push({ kind: day[1] === 'holidays' ? 'holiday' : 'workday', date, message: issue.message });
    else other.push(issue.path ? t('admin.holidays.objection', { field: t(`admin.holidays.fields.${issue.path.split('.')[0] ?? ''}`, { defaultValue: issue.path }), message: issue.message }) : issue.message);
  }
  if (issues.length === 0) other.push(errorText(t, error));
  return { days, other };
}

/** Whether `days` holds exactly the dates of `stored`. */
function sameDays(days: ReadonlySet<string>, stored: readonly string[]): boolean {
  return days.size === new Set(stored).size && stored.every((d) => days.has(d));
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date of `year`-`month`-`day` as `YYYY-MM-DD`, or null when there is no such day (`2027-02-30`). */
function validDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? isoDate(year, month, day) : null;
}

/** The days from `start` to `end`, both included. */
function datesBetween(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let at = Date.parse(`${start}T00:00:00Z`), last = Date.parse(`${end}T00:00:00Z`); at <= last; at += 86_400_000) dates.push(new Date(at).toISOString().slice(0, 10));
  return dates;
}

function daysOfMonth(year: number, month: number): string[] {
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => isoDate(year, month, i + 1));
}

/** The day of the week of `date` (0 Sunday … 6 Saturday). */
function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isWeekend(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}
