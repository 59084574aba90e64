import type { Middleware } from 'koa';
import type { AppState } from '../api/state.js';
import { auditContextOf } from './audit-context.js';
import type { AuditLog } from './audit-log.js';

/**
 * Records in the audit log what happens through the embedded engine's `/engine-rest` API that the log must hold,
 * whichever client made it, as done by the authenticated engine user: deployments created and deleted
 * (`deployment.create`, `deployment.delete`); operations on user tasks (`engine-rest.task.<operation>` for claim,
 * unclaim, complete, submit-form, delegate, resolve, assignee, set-owner, comment, identity-link-add and
 * identity-link-delete) and changes to their variables; instances started, modified, suspended or activated (one
 * or many), deleted, and changes to their variables (`engine-rest.process-instance.<change>`); process versions
 * suspended or activated; job and external-task retries and job due dates set by an operator; and HTTP Basic
 * credentials refused (`auth.login-failed` with the attempted user name). The workbench's own entries
 * (`task.<operation>`) add the approval comment on top. Workers' fetching and completing of external tasks is not
 * recorded: it is the system's own work, in the engine's history. Goes before `engineAuth`, and appends once the
 * engine has answered successfully; a failed append fails the request.
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
    const deleted = ctx.method === 'DELETE' && ctx.status === 204 ? DELETE_PATH.exec(path) : null;
    if (deleted?.[1]) {
      await audit.append({
        ...auditContextOf(ctx, actor), action: 'deployment.delete', subjectType: 'deployment', subjectId: decode(deleted[1]),
        details: { cascade: ctx.query['cascade'] === 'true' },
      });
      return;
    }
    if (!succeeded) return;
    for (const rule of CHANGE_RULES) {
      const match = rule.methods.includes(ctx.method) ? rule.path.exec(path) : null;
      if (!match) continue;
      const subjectId = rule.subject === 'answer' ? idOf(ctx.body) : match[1] ? decode(match[1]) : null;
      const name = rule.name ? match[rule.name] : undefined;
      await audit.append({
        ...auditContextOf(ctx, actor), action: typeof rule.action === 'string' ? rule.action : rule.action(match, ctx.method), subjectType: rule.subjectType, subjectId,
        ...(name ? { details: { variable: decode(name) } } : {}),
      });
      return;
    }
  };
}

// helpers ////

const CREATE_PATH = /^\/engine-rest\/deployment\/create\/?$/;
const DELETE_PATH = /^\/engine-rest\/deployment\/([^/]+)\/?$/;

/** A change made through `/engine-rest` that the audit log records: which requests, and the entry they give. */
interface ChangeRule {
  methods: readonly string[];
  /** The path; its first group is the subject's id, unless `subject` is `answer`. */
  path: RegExp;
  action: string | ((match: RegExpExecArray, method: string) => string);
  subjectType: string;
  /** `answer`: the subject is the `id` of the engine's answer (a started instance). */
  subject?: 'answer';
  /** The group holding a variable's name, recorded in the details. */
  name?: number;
}

const TASK = '^\\/engine-rest\\/task\\/([^/]+)';
const INSTANCE = '^\\/engine-rest\\/process-instance\\/([^/]+)';
const VARIABLES = '\\/(?:variables|localVariables)(?:\\/([^/]+))?\\/?$';

const CHANGE_RULES: readonly ChangeRule[] = [
  {
    methods: ['POST'], path: new RegExp(`${TASK}\\/(claim|unclaim|complete|submit-form|delegate|resolve|assignee|set-owner|comment\\/create)\\/?$`),
    action: (m) => `engine-rest.task.${(m[2] as string).replace('/create', '')}`, subjectType: 'task',
  },
  // who may work on a task: adding or removing a candidate group can move it to another jurisdiction
  { methods: ['POST'], path: new RegExp(`${TASK}\\/identity-links(\\/delete)?\\/?$`), action: (m) => (m[2] ? 'engine-rest.task.identity-link-delete' : 'engine-rest.task.identity-link-add'), subjectType: 'task' },
  { methods: ['POST', 'PUT', 'DELETE'], path: new RegExp(`${TASK}${VARIABLES}`), action: 'engine-rest.task.variables', subjectType: 'task', name: 2 },
  { methods: ['POST', 'PUT', 'DELETE'], path: new RegExp(`${INSTANCE}${VARIABLES}`), action: 'engine-rest.process-instance.variables', subjectType: 'process-instance', name: 2 },
  { methods: ['PUT'], path: /^\/engine-rest\/process-instance\/suspended\/?$/, action: 'engine-rest.process-instance.suspended-many', subjectType: 'process-instance' },
  { methods: ['POST', 'PUT'], path: new RegExp(`${INSTANCE}\\/(modification|suspended)\\/?$`), action: (m) => `engine-rest.process-instance.${m[2] as string}`, subjectType: 'process-instance' },
  { methods: ['DELETE'], path: new RegExp(`${INSTANCE}\\/?$`), action: 'engine-rest.process-instance.delete', subjectType: 'process-instance' },
  {
    methods: ['POST'], path: /^\/engine-rest\/process-definition\/(?:key\/[^/]+|[^/]+)\/(?:start|submit-form)\/?$/,
    action: 'engine-rest.process-instance.start', subjectType: 'process-instance', subject: 'answer',
  },
  { methods: ['PUT'], path: /^\/engine-rest\/process-definition\/((?:key\/)?[^/]+)\/suspended\/?$/, action: 'engine-rest.process-definition.suspended', subjectType: 'process-definition' },
  { methods: ['PUT'], path: /^\/engine-rest\/job\/([^/]+)\/(retries|duedate)\/?$/, action: (m) => `engine-rest.job.${m[2] as string}`, subjectType: 'job' },
  { methods: ['PUT'], path: /^\/engine-rest\/external-task\/([^/]+)\/retries\/?$/, action: 'engine-rest.external-task.retries', subjectType: 'external-task' },
  { methods: ['PUT', 'POST'], path: /^\/engine-rest\/external-task\/retries(?:-async)?\/?$/, action: 'engine-rest.external-task.retries-many', subjectType: 'external-task' },
];

/** The engine's answer as a value: parsed when it is a JSON text; null when that text is not JSON. */
function answerOf(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

/** The `id` of the engine's answer (a JSON text or object), if it has one. */
function idOf(body: unknown): string | null {
  const value = answerOf(body);
  const id = value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

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
  const value = answerOf(body);
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
