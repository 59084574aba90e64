import { ApiError, uiLanguage, type CaseSummary, type Clock, type PathActivity, type ProcedureKind, type TaskActionRecord } from '../api';
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
