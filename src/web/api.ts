import { ApiError, uiLanguage } from './api-error';
import { currentSession, endSession, type Session, type SessionUser } from './session';

export { ApiError, problemText, uiLanguage } from './api-error';

/** A clock colour of a procedure: its deadline is far, near, very near or passed. */
export type Colour = 'normal' | 'blue' | 'yellow' | 'red';

/** A kind of procedure. */
export type ProcedureKind = 'application' | 'tip' | 'inspection' | 'admin-case' | 'criminal-case' | 'revocation';

/** The case or permit a task belongs to. */
export interface CaseSummary {
  kind: ProcedureKind;
  number: string | null;
  party: string | null;
  jurisdiction: string;
  status: string;
}

/** Answer of `GET /api/workbench/counts`. */
export interface WorkbenchCounts {
  todo: number;
  assigned: number;
  claimable: number;
  done: number;
  started: number;
  copied: number;
  unreadCopies: number;
}

/** An item of 待办 (`GET /api/workbench/todo`). */
export interface TodoItem {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  overdue: boolean;
  priority: number;
  procedureKey: string;
  processInstanceId: string;
  case: CaseSummary | null;
  colour: Colour | null;
}

/** An item of 已办 (`GET /api/workbench/done`). */
export interface DoneItem {
  id: string;
  name: string | null;
  procedureKey: string;
  processInstanceId: string;
  started: string;
  ended: string | null;
  outcome: 'completed' | 'cancelled';
  case: CaseSummary | null;
  colour: Colour | null;
}

/** An item of 我发起的 (`GET /api/workbench/started`). */
export interface StartedItem {
  processInstanceId: string;
  kind: ProcedureKind;
  procedureKey: string;
  number: string | null;
  party: string | null;
  jurisdiction: string;
  status: string;
  startedAt: string | null;
  colour: Colour | null;
}

/** An item of 抄送我的 (`GET /api/workbench/copies`). */
export interface CopyItem {
  id: string;
  processInstanceId: string;
  taskId: string | null;
  taskName: string | null;
  fromUser: string;
  comment: string | null;
  createdAt: string;
  readAt: string | null;
  case: CaseSummary | null;
}

/** A page of a list. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Answer of `POST /api/auth/login` (and of a password change). */
export interface LoginAnswer {
  token: string;
  user: SessionUser;
  /** The password was set by an administrator: the user changes it before anything else. */
  passwordChangeRequired: boolean;
}

/** The session a login (or a password change) answered. */
export function sessionOf(answer: LoginAnswer): Session {
  return { token: answer.token, user: { id: answer.user.id, name: answer.user.name, groups: answer.user.groups, ...(answer.passwordChangeRequired ? { passwordChangeRequired: true } : {}) } };
}

/** A deadline clock of a procedure (`clocks` of a task's detail). */
export interface Clock {
  name: string;
  ruleName: string;
  dueAt: string;
  warnAt: string;
  status: 'running' | 'paused' | 'stopped';
  colour: Colour;
  remaining: number;
  unit: 'workingDays' | 'calendarDays' | 'hours';
  overdue: boolean;
}

/** What the workbench records of tasks: 签收, 办理, 退回, 转办, 委派, 撤回, 抄送, 催办, 意见 and the like. */
export type TaskActionName = 'claim' | 'unclaim' | 'complete' | 'send-back' | 'transfer' | 'delegate' | 'resolve' | 'withdraw' | 'carbon-copy' | 'urge' | 'comment';

/** An operation the caller may perform on a task now (every recorded action but 撤回, which is done from 已办). */
export type TaskOperation = Exclude<TaskActionName, 'withdraw'>;

/** One recorded operation on a task of the case. */
export interface TaskActionRecord {
  id: string;
  taskId: string;
  taskName: string | null;
  activityId: string | null;
  action: TaskActionName;
  actor: string;
  target: string | null;
  comment: string | null;
  at: string;
}

/** An activity the case passed through (`end` null while it runs). */
export interface PathActivity {
  activityId: string;
  name: string | null;
  type: string;
  assignee: string | null;
  start: string;
  end: string | null;
  canceled: boolean;
}

/** A step a task may be sent back to. */
export interface SendBackTarget {
  activityId: string;
  name: string | null;
  lastAssignee: string | null;
}

/** Answer of `GET /api/workbench/tasks/{id}`. */
export interface TaskDetail {
  task: { id: string; name: string | null; assignee: string | null; owner: string | null; created: string; due: string | null; delegationState: string | null; taskDefinitionKey: string; processInstanceId: string };
  /** The task's deployed form: a form-js schema, the text of an embedded form (not shown), or null. */
  form: Record<string, unknown> | string | null;
  variables: Record<string, unknown>;
  case: CaseSummary | null;
  clocks: Clock[];
  actions: TaskActionRecord[];
  path: PathActivity[];
  operations: TaskOperation[];
  sendBackTargets: SendBackTarget[];
}

/** Answer of `GET /api/workbench/tasks/{id}/diagram`. */
export interface TaskDiagram {
  processDefinitionId: string;
  xml: string;
  path: PathActivity[];
}

/** One of the caller's common approval phrases. */
export interface Phrase {
  id: string;
  text: string;
  position: number;
}

/** A problem the server found with one field of a request (`details.issues` of `VALIDATION_FAILED`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The field problems of a `VALIDATION_FAILED` answer; empty for any other error. */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== 'object') return [];
  const issues = (error.details as { issues?: unknown }).issues;
  return Array.isArray(issues) ? issues.filter((i): i is FieldIssue => !!i && typeof (i as FieldIssue).path === 'string' && typeof (i as FieldIssue).message === 'string') : [];
}

/** What a tip is about: the server's `TIP_CATEGORIES` (保安服务管理条例 Art 41–45). */
export const TIP_CATEGORIES = ['unlicensed-business', 'uncertified-guard', 'guard-misconduct', 'company-violation', 'in-house-violation', 'other'] as const;

/** A category of tip. */
export type TipCategory = (typeof TIP_CATEGORIES)[number];

/** How a tip ended. */
export type TipOutcome = 'duplicate' | 'not-police' | 'transferred' | 'unfounded' | 'rectification' | 'administrative-case' | 'criminal-case' | 'other-authority';

/** Body of `POST /api/public/tips` (the server's strict `TipReport`: nothing else may be sent). */
export interface TipReportBody {
  anonymous: boolean;
  confidential?: boolean;
  complainant?: { name: string; residentId?: string; phone?: string; address?: string };
  category: TipCategory;
  subject: { name: string; creditCode?: string; certificateNumber?: string; address?: string };
  regionCode: string;
  facts: string;
  occurredAt?: string;
}

/** Answer of `POST /api/public/tips`: the tracking code and the secret, shown only once. */
export interface TipCreated {
  trackingCode: string;
  secret: string;
  notice: string;
}

/** The stage of a tip as the complainant sees it. */
export type TipStage = '已受理' | '核查中' | '已办结' | '已移送';

/** Answer of `GET /api/public/tips/{code}`: what the complainant may see of the tip. */
export interface TipTracking {
  trackingCode: string;
  stage: TipStage;
  receivedAt: string;
  closedAt: string | null;
  outcome: TipOutcome | null;
  feedback: string | null;
  additions: Array<{ body: string; at: string }>;
  rating: number | null;
  canAddInformation: boolean;
  canRate: boolean;
}

/** `POST /api/public/tips`: reports a tip, without an account. */
export async function reportTip(body: TipReportBody): Promise<TipCreated> {
  return request<TipCreated>('POST', '/api/public/tips', undefined, body, { public: true });
}

/** `GET /api/public/tips/{code}` with the tip's secret (in the `X-Tip-Secret` header, never in the URL). */
export async function trackTip(code: string, secret: string): Promise<TipTracking> {
  return request<TipTracking>('GET', tipPath(code), undefined, undefined, { public: true, secret });
}

/** `POST /api/public/tips/{code}/information`: adds information to an open tip. */
export async function addTipInformation(code: string, secret: string, body: string): Promise<void> {
  await request<unknown>('POST', `${tipPath(code)}/information`, undefined, { body }, { public: true, secret });
}

/** `POST /api/public/tips/{code}/rating`: rates the handling of a closed tip (1–5), once. */
export async function rateTip(code: string, secret: string, rating: number, comment?: string): Promise<void> {
  await request<unknown>('POST', `${tipPath(code)}/rating`, undefined, { rating, ...(comment ? { comment } : {}) }, { public: true, secret });
}

/** Query parameters; empty and undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** `POST /api/auth/login`. */
export async function login(username: string, password: string): Promise<LoginAnswer> {
  return request<LoginAnswer>('POST', '/api/auth/login', undefined, { username, password });
}

/**
 * `POST /api/auth/logout`: the session's token stops working on the server. Gives up after `waitMs` (an unreachable
 * server must not keep anyone from logging out in the browser).
 */
export async function logout(waitMs = 3000): Promise<void> {
  await Promise.race([request<unknown>('POST', '/api/auth/logout', undefined, { everywhere: false }), new Promise((resolve) => setTimeout(resolve, waitMs))]);
}

/** `POST /api/auth/logout` with `everywhere`: every token of the account stops working; fails when the server did not do it. */
export async function logoutEverywhere(): Promise<void> {
  await request<unknown>('POST', '/api/auth/logout', undefined, { everywhere: true });
}

/** `PUT /api/auth/password`: the signed-in user's own password; answers the new session (the others ended). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<LoginAnswer> {
  return request<LoginAnswer>('PUT', '/api/auth/password', undefined, { currentPassword, newPassword });
}

/** `GET` of an `/api` path with the session's token. */
export async function get<T>(path: string, query?: Query): Promise<T> {
  return request<T>('GET', path, query);
}

/** `POST` to an `/api` path with the session's token and a JSON body. */
export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('POST', path, undefined, body);
}

/** `PUT` to an `/api` path with the session's token and a JSON body. */
export async function put<T>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('PUT', path, undefined, body);
}

/** `PATCH` of an `/api` path with the session's token and a JSON body. */
export async function patch<T>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('PATCH', path, undefined, body);
}

/** `DELETE` of an `/api` path with the session's token. */
export async function del(path: string): Promise<void> {
  await request<unknown>('DELETE', path);
}

/**
 * A request with a body that is not JSON: `multipart/form-data` (uploads: a `FormData`), or text with its content type
 * (a CSV file, a BPMN document), with the session's token.
 */
export async function send<T>(method: 'POST' | 'PUT', path: string, body: FormData | { text: string; type: string }, query?: Query, options: RequestOptions = {}): Promise<T> {
  return request<T>(method, path, query, body instanceof FormData ? body : new TextBody(body.text, body.type), options);
}

/**
 * `GET` of a file (a document, a CSV export) with the session's token: its content and the file name the server gave
 * (`Content-Disposition`), or null when it gave none.
 */
export async function download(path: string, query?: Query): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await call('GET', path, query, undefined, {}, '*/*');
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), fileName: star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? null) };
}

/** Offers `blob` to the user as a file named `fileName` (the browser's download). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// helpers ////

/** How a request is made: `public` ones (the complainants' portal) carry no session token, a tip's `secret` its header. */
export interface RequestOptions {
  public?: boolean;
  secret?: string;
}

/** A request body: JSON (any value), a multipart form, or text of a content type. */
type Body = unknown;

/** A text body of a content type, sent as it is. */
class TextBody {
  constructor(
    readonly text: string,
    readonly type: string,
  ) {}
}

function tipPath(code: string): string {
  return `/api/public/tips/${encodeURIComponent(code.trim().toUpperCase())}`;
}

async function request<T>(method: string, path: string, query?: Query, body?: Body, options: RequestOptions = {}): Promise<T> {
  const response = await call(method, path, query, body, options, 'application/json');
  return parseJson(await response.text()) as T;
}

/** Makes the request; an answer that is not 2xx becomes an {@link ApiError} (a 401 also ends the session). */
async function call(method: string, path: string, query: Query | undefined, body: Body, options: RequestOptions, accept: string): Promise<Response> {
  const session = options.public ? null : currentSession();
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': uiLanguage() };
  if (session) headers['Authorization'] = `Bearer ${session.token}`;
  if (options.secret !== undefined) headers['X-Tip-Secret'] = options.secret;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body; // the browser sets the multipart boundary
  else if (body instanceof TextBody) {
    headers['Content-Type'] = body.type;
    payload = body.text;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path + queryString(query), { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  const e = (parseJson(await response.text()) ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const error = new ApiError(response.status, typeof e.code === 'string' ? e.code : `HTTP_${response.status}`, typeof e.message === 'string' ? e.message : response.statusText, e.details, response.headers.get('Content-Language') ?? undefined);
  // the server no longer accepts the token (expired, user disabled): the application asks for a login again
  if (response.status === 401 && session) endSession('expired');
  throw error;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
