import type { Middleware } from 'koa';
import type { AppState } from '../api/state.js';
import { auditContextOf } from './audit-context.js';
import type { AuditLog } from './audit-log.js';

/**
 * Records in the audit log what happens through the embedded engine's `/engine-rest` API that the log must hold:
 * deployments created (`POST /deployment/create`, `deployment.create`) and deleted (`DELETE /deployment/{id}`,
 * `deployment.delete`) by the authenticated engine user; operations on user tasks (`engine-rest.task.<operation>`
 * for claim, unclaim, complete, submit-form, delegate, resolve, assignee, set-owner and comment) and changes to
 * running instances (`engine-rest.process-instance.modification`, `.delete`, `.suspension`), whichever client made
 * them — the workbench's own entries (`task.<operation>`) add the approval comment on top; and HTTP Basic
 * credentials refused (`auth.login-failed` with the attempted user name). Goes before `engineAuth`, and appends
 * once the engine has answered successfully; a failed append fails the request.
 */
export function engineRestAudit(audit: Pick<AuditLog, 'append'>): Middleware<AppState> {
  return async (ctx, next) => {
    await next();
    const path = ctx.path;
    if (ctx.status === 401 && !ctx.state.engineUser) {
      const username = basicUserName(ctx.get('Authorization'));
      if (username !== null) {
        await audit.append({ ...auditContextOf(ctx, null), action: 'auth.login-failed', details: { username: username.slice(0, 64), via: 'engine-rest' } });
      }
      return;
    }
    const actor = ctx.state.engineUser?.userId;
    if (!actor) return;
    if (ctx.method === 'POST' && ctx.status === 200 && CREATE_PATH.test(path)) {
      const deployment = parseDeployment(ctx.body);
      if (!deployment) return;
      await audit.append({
        ...auditContextOf(ctx, actor), action: 'deployment.create', subjectType: 'deployment', subjectId: deployment.id,
        details: { name: deployment.name, source: deployment.source, tenantId: deployment.tenantId, processDefinitions: deployment.processDefinitions },
      });
      return;
    }
    const succeeded = ctx.status >= 200 && ctx.status < 300;
    const taskOperation = ctx.method === 'POST' && succeeded ? TASK_OPERATION_PATH.exec(path) : null;
    if (taskOperation?.[1] && taskOperation[2]) {
      await audit.append({
        ...auditContextOf(ctx, actor), action: `engine-rest.task.${taskOperation[2].replace('/create', '')}`, subjectType: 'task', subjectId: decode(taskOperation[1]),
      });
      return;
    }
    const instanceChange = succeeded ? INSTANCE_CHANGE_PATH.exec(path) : null;
    if (instanceChange?.[1] && (ctx.method === 'DELETE' ? !instanceChange[2] : ctx.method === 'POST' || ctx.method === 'PUT')) {
      const change = ctx.method === 'DELETE' ? 'delete' : instanceChange[2];
      if (change) {
        await audit.append({ ...auditContextOf(ctx, actor), action: `engine-rest.process-instance.${change}`, subjectType: 'process-instance', subjectId: decode(instanceChange[1]) });
        return;
      }
    }
    const deleted = ctx.method === 'DELETE' && ctx.status === 204 ? DELETE_PATH.exec(path) : null;
    if (deleted?.[1]) {
      await audit.append({
        ...auditContextOf(ctx, actor), action: 'deployment.delete', subjectType: 'deployment', subjectId: decode(deleted[1]),
        details: { cascade: ctx.query['cascade'] === 'true' },
      });
    }
  };
}

// helpers ////

const CREATE_PATH = /^\/engine-rest\/deployment\/create\/?$/;
const DELETE_PATH = /^\/engine-rest\/deployment\/([^/]+)\/?$/;
const TASK_OPERATION_PATH = /^\/engine-rest\/task\/([^/]+)\/(claim|unclaim|complete|submit-form|delegate|resolve|assignee|set-owner|comment\/create)\/?$/;
const INSTANCE_CHANGE_PATH = /^\/engine-rest\/process-instance\/([^/]+)(?:\/(modification|suspended))?\/?$/;

interface DeploymentSummary {
  id: string;
  name: string | null;
  source: string | null;
  tenantId: string | null;
  /** `key:version` of each process definition the deployment added. */
  processDefinitions: string[];
}

/** The deployment in the engine's answer to `POST /deployment/create` (a JSON text). */
function parseDeployment(body: unknown): DeploymentSummary | null {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const d = value as { id?: unknown; name?: unknown; source?: unknown; tenantId?: unknown; deployedProcessDefinitions?: unknown };
  if (typeof d.id !== 'string') return null;
  const defs = d.deployedProcessDefinitions && typeof d.deployedProcessDefinitions === 'object' ? Object.values(d.deployedProcessDefinitions) : [];
  return {
    id: d.id,
    name: typeof d.name === 'string' ? d.name : null,
    source: typeof d.source === 'string' ? d.source : null,
    tenantId: typeof d.tenantId === 'string' ? d.tenantId : null,
    processDefinitions: defs
      .map((p) => p as { key?: unknown; version?: unknown })
      .filter((p) => typeof p.key === 'string')
      .map((p) => `${String(p.key)}:${String(p.version)}`)
      .sort(),
  };
}

/** The user name of an `Authorization: Basic` header, or null for any other header. */
function basicUserName(header: string): string | null {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon > 0 ? text.slice(0, colon) : null;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
