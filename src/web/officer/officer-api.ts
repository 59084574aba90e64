import { ApiError, get, post, uiLanguage, type CaseSummary, type Clock, type CopyItem, type Page, type PathActivity, type ProcedureKind, type TaskActionRecord } from '../api';
import { currentSession, endSession } from '../session';

/** The case summary of the workbench, with the id of the record (application, tip, inspection or case). */
export type CaseSummaryWithRecord = CaseSummary & { recordId: string };

/** A task of the caller's in the procedure (`?doneTask=`), and whether they may withdraw (撤回) it now. */
export interface DoneTaskState {
  id: string;
  name: string | null;
  activityId: string;
  endedAt: string | null;
  withdrawable: boolean;
  /** The server's reason for refusing the withdrawal now. */
  reason: string | null;
}

/** Answer of `GET /api/workbench/procedures/{processInstanceId}`. */
export interface ProcedureFile {
  processInstanceId: string;
  processDefinitionId: string;
  state: string;
  startedAt: string;
  endedAt: string | null;
  case: CaseSummaryWithRecord | null;
  clocks: Clock[];
  actions: TaskActionRecord[];
  path: PathActivity[];
  xml: string;
  doneTask: DoneTaskState | null;
}

/** An evidence item of a case (`GET /api/cases/{id}/evidence`). */
export interface EvidenceRow {
  id: string;
  kind: EvidenceKind;
  title: string;
  description: string | null;
  fileName: string | null;
  mediaType: string | null;
  size: number | null;
  sha256: string | null;
  collectedBy: string;
  collectedAt: string;
}

/** The kinds of evidence (证据种类, 行政诉讼法第三十三条 / 刑事诉讼法第五十条) the server accepts. */
export const EVIDENCE_KINDS = ['document', 'physical', 'audio-video', 'testimony', 'record', 'expert-opinion', 'electronic'] as const;

/** A kind of evidence. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** An official document issued in a case (`GET /api/cases/{id}/documents`, `documents` of a record). */
export interface IssuedDocument {
  id: string;
  number: string;
  type: string;
  title: string;
  status?: string;
  issuedAt: string;
  issuedBy: string;
}

/** The party of a case as the registers know it (`GET /api/cases/{id}/party`). */
export type RegisteredParty =
  | { known: false }
  | { known: true; organisation: { id: string; name: string; kind: string; creditCode: string }; permits: Array<{ id: string; number: string; status: string }> }
  | { known: true; person?: { id: string; name: string }; guardCertificates: Array<{ id: string; number: string; status: string; revokedAt: string | null }> };

/** A complainant's identity, revealed with a logged reason (`POST /api/tips/{id}/complainant`). */
export interface ComplainantIdentity {
  name: string;
  residentId: string | null;
  phone: string | null;
  address: string | null;
}

/** The API path of a procedure's record, by kind. */
export const RECORD_PATHS: Record<ProcedureKind, string> = {
  'admin-case': '/api/cases',
  'criminal-case': '/api/criminal-cases',
  application: '/api/applications',
  tip: '/api/tips',
  inspection: '/api/inspections',
  revocation: '/api/guard-certificates/revocations',
};

/** The path of the case file page of a process instance, optionally for a task of the caller's that it highlights. */
export function caseFilePath(processInstanceId: string, doneTaskId?: string): string {
  return `/case-files/${encodeURIComponent(processInstanceId)}${doneTaskId ? `?doneTask=${encodeURIComponent(doneTaskId)}` : ''}`;
}

/**
 * A task that is no longer for the caller by the time its page is opened, as a caller who may read its case file is
 * told: it ended — completed, or cancelled (sent back, withdrawn) — (`details.finished` of the 404 of
 * `GET /api/workbench/tasks/{id}`), or someone else has taken it (`details.taken` of its 403).
 */
export interface FinishedTask {
  processInstanceId: string;
  /** When it ended; null for a task someone else holds. */
  endedAt: string | null;
  /** Who held it when it ended, or holds it now; null when nobody had claimed it. */
  assignee: string | null;
  outcome: 'completed' | 'cancelled' | 'taken';
}

/** The task an error of a task's page names as ended or taken (see {@link FinishedTask}); null for any other error. */
export function finishedTaskOf(error: unknown): FinishedTask | null {
  if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 403) || !error.details || typeof error.details !== 'object') return null;
  const named = (error.details as Record<string, unknown>)[error.status === 404 ? 'finished' : 'taken'];
  if (!named || typeof named !== 'object') return null;
  const f = named as Partial<FinishedTask>;
  if (typeof f.processInstanceId !== 'string') return null;
  const assignee = typeof f.assignee === 'string' ? f.assignee : null;
  if (error.status === 403) return { processInstanceId: f.processInstanceId, endedAt: null, assignee, outcome: 'taken' };
  if (typeof f.endedAt !== 'string') return null;
  return { processInstanceId: f.processInstanceId, endedAt: f.endedAt, assignee, outcome: f.outcome === 'cancelled' ? 'cancelled' : 'completed' };
}

/**
 * Marks read the caller's unread carbon copies (抄送) of a procedure, as opening each from 抄送我的 does; answers how
 * many were marked.
 */
export async function markCopiesRead(processInstanceId: string): Promise<number> {
  const { items } = await get<Page<CopyItem>>('/api/workbench/copies', { processInstanceId, unread: 'true', limit: 200 });
  for (const copy of items) await post(`/api/workbench/copies/${encodeURIComponent(copy.id)}/read`);
  return items.length;
}

/**
 * A multipart upload with its progress (`fetch` reports none): with the session's token, or (`secret`) a tip's
 * secret without one. A 401 on a session ends it, as every other request does; an error answer becomes an
 * {@link ApiError} with the server's code, message and details.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (percent: number) => void, options: { secret?: string } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const session = options.secret === undefined ? currentSession() : null;
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', uiLanguage());
    if (session) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    if (options.secret !== undefined) xhr.setRequestHeader('X-Tip-Secret', options.secret);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
        return;
      }
      const e = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
      if (xhr.status === 401 && session) endSession('expired');
      reject(new ApiError(xhr.status, typeof e.code === 'string' ? e.code : `HTTP_${xhr.status}`, typeof e.message === 'string' ? e.message : xhr.statusText, e.details));
    };
    xhr.send(form);
  });
}

/** A size in bytes for people (KB, MB). */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
