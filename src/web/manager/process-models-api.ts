// The process management API (`/api/process-models`) as the managers' pages use it: its answers' types and calls.
import { ApiError, download, get, put, uiLanguage } from '../api';
import { currentSession, endSession } from '../session';
// the answers' types are the server's own (a module of types only; `import type` leaves nothing in the bundle)
import type {
  ChangedElement, DeploymentOutcome, DeploymentSummary, DiffElement, FindingCategory, LintFinding, ProcessModelSummary, ProcessVersion, VersionDiff,
} from '../../process-management/process-model-types';

export type { ChangedElement, DeploymentOutcome, DeploymentSummary, DiffElement, FindingCategory, LintFinding, ProcessModelSummary, ProcessVersion, VersionDiff };

/** A file of a deployment: a BPMN model (`.bpmn`) or a form-js form (`.form`). */
export interface DeploymentFile {
  name: string;
  text: string;
}

/** `GET /api/process-models`: every procedure with its versions. */
export function listProcessModels(): Promise<ProcessModelSummary[]> {
  return get<ProcessModelSummary[]>('/api/process-models');
}

/** `GET /api/process-models/{key}/versions/{version}/xml`: the BPMN XML of a version. */
export async function versionXml(key: string, version: number): Promise<string> {
  const { blob } = await download(`/api/process-models/${encodeURIComponent(key)}/versions/${version}/xml`);
  return blob.text();
}

/** `GET /api/process-models/{key}/diff`: what changed from version `from` to version `to`. */
export function versionDiff(key: string, from: number, to: number): Promise<VersionDiff> {
  return get<VersionDiff>(`/api/process-models/${encodeURIComponent(key)}/diff`, { from, to });
}

/** `PUT /api/process-models/{key}/versions/{version}/suspended`: suspends or activates a version. */
export function setSuspended(key: string, version: number, suspended: boolean): Promise<ProcessVersion> {
  return put<ProcessVersion>(`/api/process-models/${encodeURIComponent(key)}/versions/${version}/suspended`, { suspended });
}

/** `GET /api/process-models/forms/{id}`: the latest deployed version of a form (form-js JSON). */
export function deployedForm(id: string): Promise<Record<string, unknown>> {
  return get<Record<string, unknown>>(`/api/process-models/forms/${encodeURIComponent(id)}`);
}

/** The findings of a refused deployment (`PROCESS_MODEL_REJECTED`, 422), or null for any other error. */
export function rejectionFindings(error: unknown): LintFinding[] | null {
  if (!(error instanceof ApiError) || error.status !== 422 || !error.details || typeof error.details !== 'object') return null;
  const findings = (error.details as { findings?: unknown }).findings;
  return Array.isArray(findings) ? (findings as LintFinding[]) : null;
}

/**
 * `POST /api/process-models/deployments`: uploads `files` as deployment `name`, reporting the share of the upload sent
 * (0–1) to `onProgress`; once all is sent the server lints and deploys. Fails with an {@link ApiError} like every call
 * (422 with `details.findings` when the server refuses the models).
 */
export function deploy(name: string, files: DeploymentFile[], onProgress: (sent: number) => void): Promise<DeploymentOutcome> {
  const form = new FormData();
  form.append('name', name);
  for (const file of files) form.append('files', new Blob([file.text], { type: file.name.endsWith('.bpmn') ? 'application/xml' : 'application/json' }), file.name);
  const session = currentSession();
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/process-models/deployments');
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Accept-Language', uiLanguage());
    if (session) request.setRequestHeader('Authorization', `Bearer ${session.token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.upload.onload = () => onProgress(1);
    request.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server cannot be reached'));
    request.onload = () => {
      const body = parseJson(request.responseText) as Record<string, unknown> | null;
      if (request.status >= 200 && request.status < 300) {
        resolve(body as unknown as DeploymentOutcome);
        return;
      }
      if (request.status === 401 && session) endSession('expired');
      const code = typeof body?.['code'] === 'string' ? body['code'] : `HTTP_${request.status}`;
      const message = typeof body?.['message'] === 'string' ? body['message'] : request.statusText;
      reject(new ApiError(request.status, code, message, body?.['details']));
    };
    request.send(form);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
