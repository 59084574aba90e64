import { ApiError, del, get, patch, post, put, uiLanguage, type Page, type Query } from '../api';
import { currentSession, endSession } from '../session';
import type { Permission, Role } from '../use-access';

/** A role a user holds through one of its groups, with its jurisdiction (`*` for everywhere). */
export interface UserRole {
  role: Role;
  scope: string;
  group: string;
}

/** A user as administrators see it (`GET /api/admin/users`). */
export interface AdminUser {
  id: string;
  name: string;
  email: string | null;
  disabled: boolean;
  /** The password is still one an administrator chose. */
  passwordChangeRequired: boolean;
  createdAt: string;
  updatedAt: string;
  groups: string[];
  roles: UserRole[];
}

/** A page of a list with its paging (`offset`, `limit`). */
export interface PagedList<T> extends Page<T> {
  offset: number;
  limit: number;
}

/** A group with its member count and the roles it gives (`GET /api/admin/groups`). */
export interface AdminGroup {
  id: string;
  name: string;
  type: string | null;
  members: number;
  roles: Array<{ role: Role; scope: string }>;
}

/** A row of the permission table (`GET /api/admin/roles`). */
export interface RoleDefinition {
  role: Role;
  name: string;
  groupPrefixes: string[];
  globalGroups: string[];
  permissions: Permission[];
}

/** A level of the jurisdiction tree. */
export type JurisdictionLevel = 'province' | 'city' | 'district' | 'station';

/** A unit of the jurisdiction tree with the units below it (`GET /api/jurisdictions`). */
export interface JurisdictionNode {
  code: string;
  name: string;
  level: JurisdictionLevel;
  authority: string | null;
  children: JurisdictionNode[];
}

/** Body of `POST /api/admin/jurisdictions`. */
export interface NewJurisdiction {
  code: string;
  name: string;
  authority?: string;
}

/**
 * The kinds of disqualifying record, in the order the server lists them (`RECORD_TYPES` of
 * `src/records/record-types.ts`); their names are in the `admin.recordType` messages.
 */
export const RECORD_TYPES = [
  'criminal-punishment-intentional', 'criminal-punishment-negligent', 'labour-reeducation', 'custody-education', 'custody-discipline',
  'compulsory-rehab', 'administrative-detention', 'public-office-dismissal', 'army-expulsion', 'certificate-revoked',
] as const;

/** A kind of disqualifying record. */
export type RecordType = (typeof RECORD_TYPES)[number];

/** An entry of the records register (`GET /api/records`). */
export interface RecordEntry {
  id: string;
  residentId: string | null;
  name: string;
  recordType: RecordType;
  occurredOn: string;
  source: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** Body of `POST /api/records`. */
export interface NewRecord {
  residentId?: string;
  name: string;
  recordType: RecordType;
  occurredOn: string;
  note?: string;
  source: string;
}

/**
 * The header row of a records CSV file as the import reads it (the Chinese headings of `HEADINGS` in
 * `src/records/records-csv.ts`: 身份证号, 姓名, 记录类型, 发生日期 required, 备注 optional).
 */
export const RECORDS_CSV_HEADER = ['身份证号', '姓名', '记录类型', '发生日期', '备注'] as const;

/** What an accepted import did: the rows inserted, and those the register already had. */
export interface ImportResult {
  imported: number;
  skipped: number;
}

/** A bad row of a refused import: its line in the file, the column as headed there, and what is wrong. */
export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

/** The report of a refused import (`details` of `RECORDS_IMPORT_INVALID`): nothing was imported. */
export interface ImportReport {
  imported: 0;
  errors: ImportProblem[];
  errorCount: number;
}

/** An entry of the audit log (`GET /api/admin/audit`). */
export interface AuditEntry {
  sequence: number;
  at: string;
  actor: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: unknown;
  requestId: string | null;
  ip: string | null;
  previousHash: string;
  hash: string;
  algorithm: string;
}

/** Why an entry breaks the audit chain. */
export type AuditBreakReason = 'sequence-gap' | 'previous-hash-mismatch' | 'hash-mismatch' | 'head-mismatch' | 'unsupported-algorithm';

/** Answer of `GET /api/admin/audit/verify`. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  headSequence: number | null;
  firstBroken?: { sequence: number; reason: AuditBreakReason; message: string };
}

/** Where the arrangement of a year comes from: the bundled package, the operator's file, or entered here. */
export type HolidaySource = 'bundled' | 'file' | 'entered';

/** A year of the holiday calendar as listed (`years` of `GET /api/admin/holiday-calendar`): how many days of each kind. */
export interface HolidayYearSummary {
  year: number;
  source: HolidaySource;
  holidays: number;
  workdays: number;
  basis: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Answer of `GET /api/admin/holiday-calendar`: the years covered, the current and next year not covered, and the procedures waiting for them. */
export interface HolidayCalendarOverview {
  years: HolidayYearSummary[];
  currentYear: number;
  missing: number[];
  waiting: number;
}

/** The arrangement of one year (`GET /api/admin/holiday-calendar/{year}`): its days off and adjusted working days (`YYYY-MM-DD`, ascending). */
export interface HolidayYear {
  year: number;
  source: HolidaySource;
  holidays: string[];
  workdays: string[];
  basis: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Body of `PUT /api/admin/holiday-calendar/{year}`: the State Council's notice, the days off and the Saturdays and Sundays worked. */
export interface HolidayYearChange {
  basis: string;
  holidays: string[];
  workdays: string[];
}

/** Answer of `PUT /api/admin/holiday-calendar/{year}`: the year stored, and how many stopped procedures it resumed. */
export interface HolidayYearSaved extends HolidayYear {
  retried: number;
}

/** `GET /api/admin/users`. */
export function listUsers(query: Query): Promise<PagedList<AdminUser>> {
  return get<PagedList<AdminUser>>('/api/admin/users', query);
}

/** `POST /api/admin/users`. */
export function createUser(body: { id: string; name: string; password: string; passwordChangeRequired: boolean; groups: string[] }): Promise<unknown> {
  return post<unknown>('/api/admin/users', body);
}

/** `PATCH /api/admin/users/{id}`. */
export function changeUser(id: string, change: { name?: string; disabled?: boolean; groups?: string[] }): Promise<AdminUser> {
  return patch<AdminUser>(`/api/admin/users/${encodeURIComponent(id)}`, change);
}

/** `PUT /api/admin/users/{id}/password`. */
export function resetPassword(id: string, password: string, passwordChangeRequired: boolean): Promise<unknown> {
  return put<unknown>(`/api/admin/users/${encodeURIComponent(id)}/password`, { password, passwordChangeRequired });
}

/** `GET /api/admin/groups`: every group (up to 500), with its member count. */
export function listGroups(): Promise<PagedList<AdminGroup>> {
  return get<PagedList<AdminGroup>>('/api/admin/groups', { limit: 500 });
}

/** `GET /api/admin/roles`. */
export function roleTable(): Promise<RoleDefinition[]> {
  return get<RoleDefinition[]>('/api/admin/roles');
}

/** `GET /api/jurisdictions`. */
export function jurisdictionTree(): Promise<JurisdictionNode[]> {
  return get<JurisdictionNode[]>('/api/jurisdictions');
}

/** `POST /api/admin/jurisdictions`. */
export function addJurisdiction(body: NewJurisdiction): Promise<unknown> {
  return post<unknown>('/api/admin/jurisdictions', body);
}

/** `POST /api/records/search`: the criteria go in the body, so a person's name and ID number stay out of addresses and logs. */
export function listRecords(query: Query): Promise<Page<RecordEntry>> {
  return post<Page<RecordEntry>>('/api/records/search', query);
}

/** `POST /api/records`. */
export function addRecord(body: NewRecord): Promise<RecordEntry> {
  return post<RecordEntry>('/api/records', body);
}

/** `DELETE /api/records/{id}`. */
export function removeRecord(id: string): Promise<void> {
  return del(`/api/records/${encodeURIComponent(id)}`);
}

/** `GET /api/admin/audit`. */
export function listAudit(query: Query): Promise<PagedList<AuditEntry>> {
  return get<PagedList<AuditEntry>>('/api/admin/audit', query);
}

/** `GET /api/admin/audit/verify`. */
export function verifyAudit(): Promise<AuditVerification> {
  return get<AuditVerification>('/api/admin/audit/verify');
}

/** `GET /api/admin/holiday-calendar`. */
export function holidayCalendar(): Promise<HolidayCalendarOverview> {
  return get<HolidayCalendarOverview>('/api/admin/holiday-calendar');
}

/** `GET /api/admin/holiday-calendar/{year}`: rejects with a 404 {@link ApiError} when the year is not covered. */
export function holidayYear(year: number): Promise<HolidayYear> {
  return get<HolidayYear>(`/api/admin/holiday-calendar/${year}`);
}

/** `PUT /api/admin/holiday-calendar/{year}`. */
export function saveHolidayYear(year: number, change: HolidayYearChange): Promise<HolidayYearSaved> {
  return put<HolidayYearSaved>(`/api/admin/holiday-calendar/${year}`, change);
}

/** The import report of a refused CSV import, or null when `error` is another error. */
export function importReportOf(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== 'object') return null;
  const details = error.details as Partial<ImportReport>;
  return Array.isArray(details.errors) && typeof details.errorCount === 'number' ? { imported: 0, errors: details.errors, errorCount: details.errorCount } : null;
}

/**
 * `POST /api/records/import`: uploads a CSV file (its name as the entries' source), calling `onProgress` with the
 * fraction sent (0–1) as it goes. Sent with `XMLHttpRequest`, since `fetch` does not report upload progress; a
 * refused import rejects with an {@link ApiError} whose details hold the {@link ImportReport}.
 */
export function importRecords(file: File, onProgress: (fraction: number) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const session = currentSession();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/records/import?${new URLSearchParams({ source: file.name.slice(0, 128) || 'CSV' }).toString()}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', uiLanguage());
    xhr.setRequestHeader('Content-Type', 'text/csv');
    if (session) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as ImportResult);
        return;
      }
      const e = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
      if (xhr.status === 401 && session) endSession('expired');
      reject(new ApiError(xhr.status, typeof e.code === 'string' ? e.code : `HTTP_${xhr.status}`, typeof e.message === 'string' ? e.message : xhr.statusText, e.details));
    };
    xhr.send(file);
  });
}
