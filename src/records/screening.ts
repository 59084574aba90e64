import type { DataSource } from 'typeorm';
import { UnexpectedError, ValidationError, type ValidationIssue } from '../errors.js';
import { isValidResidentId } from '../forms/resident-id.js';
import { chinaDateOf, isCalendarDate, lastDayOfPeriod } from './calendar-date.js';
import { normalizeName, normalizeResidentId } from './entry-validation.js';
import { findMatchingEntries } from './matching.js';
import type { RecordType } from './record-types.js';
import { localize } from '../language.js';

/**
 * What a person is screened for: a company's legal representative or manager (《保安服务管理条例》第八条第（二）项),
 * a guard (第十七条), or an armed guard (《专职守护押运人员枪支使用管理条例》第三条, and 第十七条's certificate bars).
 */
export type ScreeningPurpose = 'company-manager' | 'guard' | 'armed-guard';

/** Every screening purpose. */
export const SCREENING_PURPOSES: readonly ScreeningPurpose[] = ['company-manager', 'guard', 'armed-guard'];

/** `hit`: a record matched by resident ID number bars the person; `review`: only name matches might; `clear`: nothing. */
export type ScreeningResult = 'clear' | 'hit' | 'review';

/** A person to screen. */
export interface ScreeningSubject {
  /** The person's role in the procedure, e.g. `legal-representative`; passed through. */
  role: string;
  name: string;
  /** The 18-character resident ID number; must be valid. */
  residentId: string;
}

/** A record that bars (or, matched only by name, might bar) a person, and why. */
export interface ScreeningFinding {
  recordType: RecordType;
  occurredOn: string;
  /** The bar and its legal basis, in Chinese, e.g. `曾因故意犯罪被刑事处罚（《保安服务管理条例》第十七条第（二）项）`. */
  reason: string;
  /** `residentId`: the record carries the person's number; `name`: it carries no number or another one, but the same name. */
  matchedBy: 'residentId' | 'name';
  /** The register entry, or null for a revocation reported by `extraRevocations`. */
  recordId: string | null;
}

/** The screening of one person. */
export interface PersonScreening {
  role: string;
  name: string;
  residentId: string;
  result: ScreeningResult;
  findings: ScreeningFinding[];
}

/** The screening of everyone: `hit` if anyone is hit, else `review` if anyone needs review, else `clear`. */
export interface ScreeningReport {
  result: ScreeningResult;
  people: PersonScreening[];
}

/** Options of {@link screenPeople}. */
export interface ScreeningOptions {
  /** The day the screening is for, `YYYY-MM-DD` (China time); decides whether a revocation is less than 3 years old. */
  today: string;
  /**
   * Revocations of the person's guard certificates that the caller knows of besides the register (e.g. from the
   * certificate table); `revokedOn` is `YYYY-MM-DD` (an ISO timestamp is read as its day in China). They count
   * with the register's `certificate-revoked` entries, one per day.
   */
  extraRevocations?: (residentId: string) => Promise<Array<{ revokedOn: string }>>;
}

/** What screening reads the register from: its data source, or anything that finds entries as the register does. */
export type RecordsSource =
  | DataSource
  | { findMatching(residentIds: readonly string[], names: readonly string[]): Promise<Array<{ id: string; residentId: string | null; name: string; recordType: RecordType; occurredOn: string }>> };

/**
 * Screens people against the register (read through `register`: its data source or a `RecordsRegister`) for
 * `purpose`. A bar met by records that carry the person's resident ID number is a `hit`; a bar met only when
 * records with the same name but no or another resident ID number are counted too is a `review`, never a `hit`.
 * A guard certificate revoked on D bars until the end of D + 3 years (the anniversary is still barred).
 * Throws `ValidationError` with `RESIDENT_ID_INVALID` for an invalid resident ID number.
 */
export async function screenPeople(
  register: RecordsSource,
  people: readonly ScreeningSubject[],
  purpose: ScreeningPurpose,
  options: ScreeningOptions,
): Promise<ScreeningReport> {
  const subjects = validateInput(people, purpose, options);
  const residentIds = subjects.map((s) => s.residentId);
  const names = subjects.map((s) => s.name);
  const records = 'findMatching' in register ? await register.findMatching(residentIds, names) : await findMatchingEntries(register, residentIds, names);
  const revocations = new Map<string, Candidate[]>();
  for (const { residentId } of subjects) {
    if (revocations.has(residentId)) continue;
    const reported = options.extraRevocations ? await options.extraRevocations(residentId) : [];
    revocations.set(residentId, reported.map((r) => ({ recordType: 'certificate-revoked', occurredOn: toDay(r.revokedOn), recordId: null, matchedBy: 'residentId' })));
  }

  const screened = subjects.map((subject): PersonScreening => {
    const byId: Candidate[] = [
      ...records.filter((r) => r.residentId === subject.residentId).map((r) => candidate(r, 'residentId')),
      ...(revocations.get(subject.residentId) ?? []),
    ];
    const byName = records.filter((r) => r.residentId !== subject.residentId && r.name === subject.name).map((r) => candidate(r, 'name'));
    let hit = false;
    const findings: ScreeningFinding[] = [];
    for (const bar of BARS[purpose]) {
      const fromId = bar(byId, options.today);
      const fromAll = bar([...byId, ...byName], options.today);
      if (fromId.length > 0) {
        hit = true;
        findings.push(...fromId, ...fromAll.filter((f) => f.matchedBy === 'name'));
      } else {
        findings.push(...fromAll);
      }
    }
    const result: ScreeningResult = hit ? 'hit' : findings.length > 0 ? 'review' : 'clear';
    return { ...subject, result, findings };
  });

  const overall: ScreeningResult = screened.some((p) => p.result === 'hit') ? 'hit' : screened.some((p) => p.result === 'review') ? 'review' : 'clear';
  return { result: overall, people: screened };
}

// helpers ////

interface Candidate {
  recordType: RecordType;
  occurredOn: string;
  recordId: string | null;
  matchedBy: 'residentId' | 'name';
}

/** A bar: the findings it makes of a person's records on `today`; none when the bar is not met. */
type Bar = (records: readonly Candidate[], today: string) => ScreeningFinding[];

const S1 = '《保安服务管理条例》';
const GUARD = (item: string) => `（${S1}第十七条第（${item}）项）`;
const MANAGER = `（${S1}第八条第（二）项）`;
const ARMED = '（《专职守护押运人员枪支使用管理条例》第三条第一款第（三）项）';

/** Any record of `type` bars. */
function each(type: RecordType, reason: string): Bar {
  return (records) => records.filter((r) => r.recordType === type).map((r) => finding(r, reason));
}

/** `count` or more records of `type` on different days bar, all of them together. */
function atLeast(type: RecordType, count: number, reason: string): Bar {
  return (records) => {
    const days = onePerDay(records.filter((r) => r.recordType === type));
    return days.length >= count ? days.map((r) => finding(r, reason)) : [];
  };
}

/** A guard certificate revoked on D bars up to and including D + 3 years (《民法典》第二百零一条、第二百零二条). */
const revokedLessThanThreeYearsAgo: Bar = (records, today) =>
  onePerDay(records.filter((r) => r.recordType === 'certificate-revoked')).flatMap((r) => {
    const lastDay = lastDayOfPeriod(r.occurredOn, 3);
    return today <= lastDay ? [finding(r, `被吊销保安员证未满3年（${r.occurredOn}吊销，${lastDay}期满）${GUARD('三')}`)] : [];
  });

const revokedTwice = atLeast('certificate-revoked', 2, `曾两次被吊销保安员证${GUARD('四')}`);

const BARS: Record<ScreeningPurpose, readonly Bar[]> = {
  guard: [
    each('custody-education', `曾被收容教育${GUARD('一')}`),
    each('compulsory-rehab', `曾被强制隔离戒毒${GUARD('一')}`),
    each('labour-reeducation', `曾被劳动教养${GUARD('一')}`),
    atLeast('administrative-detention', 3, `曾被3次以上行政拘留${GUARD('一')}`),
    each('criminal-punishment-intentional', `曾因故意犯罪被刑事处罚${GUARD('二')}`),
    revokedLessThanThreeYearsAgo,
    revokedTwice,
  ],
  'company-manager': [
    each('criminal-punishment-intentional', `曾被刑事处罚（故意犯罪）${MANAGER}`),
    each('criminal-punishment-negligent', `曾被刑事处罚（过失犯罪）${MANAGER}`),
    each('labour-reeducation', `曾被劳动教养${MANAGER}`),
    each('custody-education', `曾被收容教育${MANAGER}`),
    each('compulsory-rehab', `曾被强制隔离戒毒${MANAGER}`),
    each('public-office-dismissal', `曾被开除公职${MANAGER}`),
    each('army-expulsion', `曾被开除军籍${MANAGER}`),
  ],
  'armed-guard': [
    each('administrative-detention', `有行政拘留记录${ARMED}`),
    each('custody-education', `有收容教育记录${ARMED}`),
    each('compulsory-rehab', `有强制戒毒记录${ARMED}`),
    each('custody-discipline', `有收容教养记录${ARMED}`),
    each('labour-reeducation', `有劳动教养记录${ARMED}`),
    each('criminal-punishment-intentional', `有刑事处罚记录（故意犯罪）${ARMED}`),
    each('criminal-punishment-negligent', `有刑事处罚记录（过失犯罪）${ARMED}`),
    // an armed guard is a guard: the certificate bars of 第十七条 apply as well
    revokedLessThanThreeYearsAgo,
    revokedTwice,
  ],
};

/** One record per day, preferring one matched by resident ID number and then a register entry. */
function onePerDay(records: readonly Candidate[]): Candidate[] {
  const rank = (r: Candidate) => (r.matchedBy === 'residentId' ? 0 : 2) + (r.recordId === null ? 1 : 0);
  const byDay = new Map<string, Candidate>();
  for (const r of records) {
    const kept = byDay.get(r.occurredOn);
    if (!kept || rank(r) < rank(kept)) byDay.set(r.occurredOn, r);
  }
  return [...byDay.values()].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
}

function finding(r: Candidate, reason: string): ScreeningFinding {
  return { recordType: r.recordType, occurredOn: r.occurredOn, reason, matchedBy: r.matchedBy, recordId: r.recordId };
}

function candidate(r: { id: string; recordType: RecordType; occurredOn: string }, matchedBy: Candidate['matchedBy']): Candidate {
  return { recordType: r.recordType, occurredOn: r.occurredOn, recordId: r.id, matchedBy };
}

function validateInput(people: readonly ScreeningSubject[], purpose: ScreeningPurpose, options: ScreeningOptions): ScreeningSubject[] {
  const issues: ValidationIssue[] = [];
  if (!SCREENING_PURPOSES.includes(purpose)) issues.push({ path: 'purpose', message: localize(`must be one of ${SCREENING_PURPOSES.join(', ')}`, `须为以下之一：${SCREENING_PURPOSES.join('、')}`) });
  if (typeof options?.today !== 'string' || !isCalendarDate(options.today)) issues.push({ path: 'today', message: localize('must be a date YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') });
  const subjects = people.map((p, i) => {
    const name = normalizeName(String(p.name ?? ''));
    if (name === '') issues.push({ path: `people.${i}.name`, message: localize('is required', '姓名为必填项') });
    return { role: p.role, name, residentId: normalizeResidentId(String(p.residentId ?? '')) };
  });
  const badIds = subjects.flatMap((s, i) => (isValidResidentId(s.residentId) ? [] : [{ path: `people.${i}.residentId`, message: localize(`'${s.residentId}' is not a valid resident ID number`, `“${s.residentId}”不是有效的公民身份号码`) }]));
  if (badIds.length > 0) throw new ValidationError(localize(`Invalid resident ID number: ${badIds.map((i) => i.path).join(', ')}`, `公民身份号码不正确：${badIds.map((i) => i.path).join('、')}`), badIds, 'RESIDENT_ID_INVALID');
  if (issues.length > 0) throw new ValidationError(`Invalid screening request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  return subjects;
}

/** A revocation day reported by the caller: `YYYY-MM-DD`, or an ISO timestamp read as its day in China. */
function toDay(value: string): string {
  if (isCalendarDate(value)) return value;
  const instant = new Date(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(instant.getTime())) return chinaDateOf(instant);
  throw new UnexpectedError('INTERNAL_ERROR', `extraRevocations returned '${value}', not a date YYYY-MM-DD`);
}
