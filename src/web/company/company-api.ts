import { ApiError, del, get, post, put, uiLanguage, type Clock } from '../api';
import { currentSession, endSession } from '../session';

/** Where an application or filing stands (`ApplicationStatus` of the server). */
export type ApplicationStatus =
  | 'draft' | 'submitted' | 'correction-requested' | 'accepted' | 'not-accepted' | 'under-review' | 'on-site-check' | 'eligible'
  | 'granted' | 'refused' | 'recorded' | 'withdrawn' | 'lapsed' | 'registered' | 'revoked';

/** A kind of organisation that opens an applicant account. */
export const ORGANISATION_KINDS = ['applicant-company', 'security-company', 'in-house-employer', 'training-unit'] as const;

/** Body of `POST /api/public/applicant-accounts`. */
export interface ApplicantRegistrationBody {
  organisation: {
    kind: (typeof ORGANISATION_KINDS)[number];
    name: string;
    creditCode?: string;
    regionCode: string;
    address?: string;
    legalRepresentative?: string;
    contactPhone: string;
  };
  user: { username: string; name: string; password: string };
}

/** An item of a procedure's checklist of documents. */
export interface ChecklistItem {
  kind: string;
  label: string;
  when?: string;
}

/** A procedure an applicant can start (`GET /api/procedures`). */
export interface Procedure {
  key: string;
  name: string;
  applicationForm: string;
  checklist: ChecklistItem[];
}

/** A statutory clock of an application (the server's `ClockView`). */
export interface ApplicationClock extends Clock {
  ruleId: string;
  basis: string;
  startedAt: string;
  stoppedAt: string | null;
}

/** A line of 我的申请 (`GET /api/applications`). */
export interface ApplicationSummary {
  id: string;
  number: string | null;
  procedure: string;
  procedureName: string;
  title: string;
  status: ApplicationStatus;
  createdAt: string;
  submittedAt: string | null;
  /** The clock running now, null for a draft or a closed procedure. */
  clock: ApplicationClock | null;
}

/** An uploaded document of an application. */
export interface ApplicationDocument {
  id: string;
  kind: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  /** 0 for the first submission, n for the n-th correction. */
  round: number;
}

/** An official document issued in the procedure (notices, decisions, the permit). */
export interface OfficialDocument {
  id: string;
  number: string;
  type: string;
  title: string;
  issuedAt: string;
  issuedBy: string;
}

/** An application as `GET /api/applications/{id}` answers. */
export interface ApplicationDetail {
  id: string;
  number: string | null;
  procedure: string;
  procedureName: string;
  title: string;
  status: ApplicationStatus;
  regionCode: string;
  version: number;
  data: Record<string, unknown>;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  processInstanceId: string | null;
  checklist: Array<{ kind: string; label: string; required: boolean; supplied: boolean }>;
  documents: ApplicationDocument[];
  history: Array<{ status: ApplicationStatus; note: string | null; actor: string; at: string }>;
  clocks: ApplicationClock[];
  officialDocuments: OfficialDocument[];
  permit: { id: string; number: string; status: string; issuedAt: string; registrationDueAt: string | null } | null;
  certificate: { id: string; number: string; status: string; issuedAt: string } | null;
  awaiting: 'submission' | 'correction' | 'business-registration' | null;
}

/** What `GET /api/public/verify` tells of a document. */
export interface Verification {
  number: string;
  title: string;
  holderName: string;
  issuedAt: string;
  issuer: string;
  /** `void` when the document was voided, or the permit or certificate it is was revoked, lapsed or cancelled. */
  status: 'valid' | 'void';
  /** For a permit or guard certificate: its number and where it stands now. */
  licence?: { number: string; status: 'issued' | 'active' | 'lapsed' | 'revoked' | 'cancelled' | 'valid' };
}

/** `POST /api/public/applicant-accounts`: opens the account of a company or unit (no session). */
export async function registerApplicant(body: ApplicantRegistrationBody): Promise<{ organisationId: string; userId: string }> {
  const response = await fetch('/api/public/applicant-accounts', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': uiLanguage() }, body: JSON.stringify(body) })
    .catch((e: unknown) => { throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e)); });
  return answerOf(response.status, await response.text(), response.statusText) as Promise<{ organisationId: string; userId: string }>;
}

/** `GET /api/public/verify`: checks an official document by number and verification code (no session); null when none matches. */
export async function verifyDocument(number: string, code: string): Promise<Verification | null> {
  const query = new URLSearchParams({ number: number.trim(), code: code.trim() });
  const response = await fetch(`/api/public/verify?${query.toString()}`, { headers: { Accept: 'application/json', 'Accept-Language': uiLanguage() } })
    .catch((e: unknown) => { throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e)); });
  if (response.status === 404) return null;
  return answerOf(response.status, await response.text(), response.statusText) as Promise<Verification>;
}

/** The procedures an applicant can start. */
export const listProcedures = () => get<Procedure[]>('/api/procedures');

/** The form-js schema of a procedure's application form. */
export const applicationFormOf = (procedure: string) => get<Record<string, unknown>>(`/api/procedures/${encodeURIComponent(procedure)}/form`);

/** The company's applications, newest first. */
export const listApplications = (offset: number, limit: number, status?: string) =>
  get<{ items: ApplicationSummary[]; total: number }>('/api/applications', { offset, limit, status });

/** One application. */
export const readApplication = (id: string) => get<ApplicationDetail>(`/api/applications/${id}`);

/** Starts a draft of `procedure`. */
export const createApplication = (procedure: string, data: Record<string, unknown> = {}) => post<ApplicationDetail>('/api/applications', { procedure, data });

/** Saves the form data of a draft or of an application under correction (refused when it changed since `version`). */
export const saveApplicationData = (id: string, data: Record<string, unknown>, version: number) => put<ApplicationDetail>(`/api/applications/${id}/data`, { data, version });

/** Submits a draft. */
export const submitApplication = (id: string) => post<ApplicationDetail>(`/api/applications/${id}/submit`);

/** Answers the correction request with a note of what was corrected. */
export const answerCorrection = (id: string, note: string) => post<ApplicationDetail>(`/api/applications/${id}/correction`, { note });

/** Reports the business registration (工商登记) of a company whose permit was granted; the permit comes into force. */
export const reportBusinessRegistration = (id: string, creditCode: string) => post<{ accepted: true }>(`/api/applications/${id}/business-registration`, { creditCode });

/** Removes an uploaded document. */
export const removeDocument = (id: string, documentId: string) => del(`/api/applications/${id}/documents/${documentId}`);

/**
 * Uploads `file` for checklist item `kind` (multipart), reporting the percentage sent; an answer that is not 2xx
 * becomes an {@link ApiError} (with the server's field issues: type, size).
 */
export function uploadDocument(id: string, kind: string, file: File, onProgress: (percent: number) => void): Promise<ApplicationDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/applications/${id}/documents`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', uiLanguage());
    const session = currentSession();
    if (session) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      if (xhr.status === 401 && session) endSession('expired');
      answerOf(xhr.status, xhr.responseText, xhr.statusText).then((body) => resolve(body as ApplicationDocument), reject);
    };
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

// helpers ////

function answerOf(status: number, text: string, statusText: string): Promise<unknown> {
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (status >= 200 && status < 300) return Promise.resolve(body);
  const e = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  return Promise.reject(new ApiError(status, typeof e.code === 'string' ? e.code : `HTTP_${status}`, typeof e.message === 'string' ? e.message : statusText, e.details));
}
