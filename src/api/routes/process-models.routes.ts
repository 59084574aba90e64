import { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import { ForbiddenError } from '../../errors.js';
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES, mayManageProcesses, PROJECT_DEPLOYMENT_NAME, type ProcessModels, type UploadedFile } from '../../process-management/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { readFiles } from '../upload.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

/** A process key: a BPMN process id. */
const ProcessKey = z.string().regex(/^[A-Za-z_][\w.-]{0,254}$/, { error: bilingual('must be a process id', '须为有效的流程实例编号') });
const Version = z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int({ error: bilingual('must be a whole number', '须为整数') }).min(1, { error: bilingual('must be 1 or more', '不得小于 1') });

const KeyParams = z.object({ key: ProcessKey });
/** A form id: the `id` of a form-js form. */
const FormParams = z.object({ id: z.string().regex(/^[A-Za-z_][\w.-]{0,254}$/, { error: bilingual('must be a form id', '须为有效的表单编号') }) });
const VersionParams = z.object({ key: ProcessKey, version: Version });
const DiffQuery = z.strictObject({ from: Version, to: Version });
const Suspension = z.strictObject({ suspended: z.boolean({ error: bilingual('must be true or false', '须为 true 或 false') }) });
/** An editor may send the form it deploys with; the name is not needed to lint. */
const LintFields = z.strictObject({ name: z.string().max(128, { error: bilingual('must be at most 128 characters', '长度不得超过 128 个字符') }).optional() });
const DeploymentFields = z.strictObject({
  name: z
    .string({ error: bilingual('is required: the deployment name', '为必填项：须填写部署名称') })
    .trim()
    .min(1, { error: bilingual('must not be blank', '不得为空') })
    .max(128, { error: bilingual('must be at most 128 characters', '长度不得超过 128 个字符') })
    .refine((n) => n !== PROJECT_DEPLOYMENT_NAME, { error: `"${PROJECT_DEPLOYMENT_NAME}" is the name of the system's own deployment of bpmn/ and forms/; choose another` }),
});

const int = z.number().int();
const Category = z.enum(['error', 'warn']);
const Finding = z.object({ resource: z.string(), elementId: z.string(), elementName: z.string().optional(), rule: z.string(), message: z.string(), category: Category });
const Deployment = z.object({ id: z.string(), name: z.string().nullable(), deployedAt: z.iso.datetime() });
const DiffElement = z.object({ id: z.string(), type: z.string(), name: z.string().nullable() });

/** Answer of `POST /api/process-models/lint`: the findings, also grouped by element, and the processes and forms of the upload. */
export const LintReportResponse = z.object({
  valid: z.boolean(),
  errorCount: int,
  warningCount: int,
  findings: z.array(Finding),
  elements: z.array(z.object({
    resource: z.string(), elementId: z.string(), elementName: z.string().optional(), findings: z.array(Finding.pick({ rule: true, message: true, category: true })),
  })),
  models: z.array(z.object({ resource: z.string(), processes: z.array(z.object({ key: z.string(), name: z.string().nullable() })) })),
  forms: z.array(z.object({ resource: z.string(), formId: z.string() })),
});

const DeploymentOutcome = z.object({
  deployment: Deployment,
  created: z.boolean(),
  processDefinitions: z.array(z.object({ id: z.string(), key: z.string(), version: int, name: z.string().nullable() })),
  forms: z.array(z.string()),
  /** The warnings of the lint. */
  findings: z.array(Finding),
});

/** Answer 201 of `POST /api/process-models/deployments`: the new deployment, its process versions, its forms and the lint's warnings. */
export const DeploymentCreatedResponse = DeploymentOutcome.extend({ created: z.literal(true) });

/** Answer 200 of `POST /api/process-models/deployments`: nothing changed; the last deployment of that name. */
export const DeploymentUnchangedResponse = DeploymentOutcome.extend({ created: z.literal(false) });

/** One version of a process with its suspension and running instances. */
export const ProcessVersionResponse = z.object({
  id: z.string(), version: int, name: z.string().nullable(), versionTag: z.string().nullable(), suspended: z.boolean(), runningInstances: int, resource: z.string(),
  deployment: Deployment.nullable(),
});

/** Answer of `GET /api/process-models`: every process key with its versions, newest first. */
export const ProcessModelListResponse = z.array(z.object({ key: z.string(), name: z.string().nullable(), latestVersion: int, versions: z.array(ProcessVersionResponse) }));

/** Answer of `GET /api/process-models/forms/{id}`: a form-js form as deployed (its components as form-js writes them). */
export const DeployedFormResponse = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  schemaVersion: int.optional(),
  components: z.array(z.record(z.string(), z.unknown())),
});

/** Answer of `GET /api/process-models/{key}/diff`: the elements added, removed, changed (with their attributes before and after) and only moved. */
export const VersionDiffResponse = z.object({
  key: z.string(),
  from: z.object({ version: int, id: z.string() }),
  to: z.object({ version: int, id: z.string() }),
  added: z.array(DiffElement),
  removed: z.array(DiffElement),
  changed: z.array(DiffElement.extend({ attributes: z.array(z.object({ name: z.string(), oldValue: z.unknown(), newValue: z.unknown() })) })),
  layoutChanged: z.array(DiffElement),
});

/**
 * Process management under `/api/process-models`, for process managers and administrators: `POST /lint` lints an
 * upload (multipart, files in `files`); `POST /deployments` lints and deploys it as deployment `name` (422 with
 * the findings per element, and nothing deployed, when a finding is an error); `GET /` lists process keys with
 * their versions, suspension and running instances; `GET /:key/versions/:version/xml` is a version's BPMN XML;
 * `GET /:key/diff?from=&to=` compares two versions; `PUT /:key/versions/:version/suspended` suspends or activates one;
 * `GET /forms/:id` is the latest deployed version of a form (form-js JSON), for the form editor.
 */
export function processModelRoutes(deps: { processModels: ProcessModels }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/process-models' });
  const models = deps.processModels;

  router.post('/lint', async (ctx) => {
    manager(ctx.state);
    const { fields, files } = await upload(ctx);
    parseInput(LintFields, fields, 'form fields');
    ctx.body = await models.lint(files);
  });

  router.post('/deployments', async (ctx) => {
    manager(ctx.state);
    const { fields, files } = await upload(ctx);
    const { name } = parseInput(DeploymentFields, fields, 'form fields');
    const outcome = await models.deploy(ctx.get('Authorization'), name, files, auditContextOf(ctx));
    ctx.status = outcome.created ? 201 : 200;
    ctx.body = outcome;
  });

  router.get('/', async (ctx) => {
    manager(ctx.state);
    ctx.body = await models.list(ctx.get('Authorization'));
  });

  router.get('/forms/:id', async (ctx) => {
    manager(ctx.state);
    const { id } = parseInput(FormParams, ctx.params, 'path');
    ctx.body = await models.form(id);
  });

  router.get('/:key/versions/:version/xml', async (ctx) => {
    manager(ctx.state);
    const { key, version } = parseInput(VersionParams, ctx.params, 'path');
    ctx.body = await models.xml(ctx.get('Authorization'), key, version);
    ctx.type = 'application/xml';
  });

  router.get('/:key/diff', async (ctx) => {
    manager(ctx.state);
    const { key } = parseInput(KeyParams, ctx.params, 'path');
    const { from, to } = parseInput(DiffQuery, ctx.query, 'query');
    ctx.body = await models.diff(ctx.get('Authorization'), key, from, to);
  });

  router.put('/:key/versions/:version/suspended', async (ctx) => {
    manager(ctx.state);
    const { key, version } = parseInput(VersionParams, ctx.params, 'path');
    const { suspended } = parseInput(Suspension, ctx.request.body);
    ctx.body = await models.setSuspended(ctx.get('Authorization'), key, version, suspended, auditContextOf(ctx));
  });

  return router;
}

/** The operations of {@link processModelRoutes}, for the OpenAPI description. */
export const processModelOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/process-models/lint', tags: ['process-models'], security: 'bearer',
    summary: '模型检查 · Lint BPMN models and forms without deploying them',
    body: { contentType: 'multipart/form-data', schema: LintFields, files: [{ name: 'files', description: 'BPMN (`.bpmn`) and form-js (`.form`) files.', required: true, multiple: true }] },
    responses: [{ status: 200, description: 'The findings per file and element.', contentType: 'application/json', schema: LintReportResponse }],
    errors: [403, 413, 415],
  },
  {
    method: 'post', path: '/api/process-models/deployments', tags: ['process-models'], security: 'bearer',
    summary: '发布模型 · Lint and deploy BPMN models and forms as one deployment',
    description: 'Nothing is deployed, and the findings per element are answered with 422, when a finding is an error. Unchanged resources answer 200 without a new version.',
    body: { contentType: 'multipart/form-data', schema: DeploymentFields, files: [{ name: 'files', description: 'BPMN (`.bpmn`) and form-js (`.form`) files.', required: true, multiple: true }] },
    responses: [
      { status: 201, description: 'Deployed: the deployment, its versions and any warnings.', contentType: 'application/json', schema: DeploymentCreatedResponse },
      { status: 200, description: 'Nothing changed: no new deployment.', contentType: 'application/json', schema: DeploymentUnchangedResponse },
    ],
    errors: [403, 413, 415, 422],
  },
  {
    method: 'get', path: '/api/process-models', tags: ['process-models'], security: 'bearer',
    summary: '流程模型列表 · Process keys with their versions, suspension and running instances',
    responses: [{ status: 200, description: 'The process keys.', contentType: 'application/json', schema: ProcessModelListResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/process-models/{key}/versions/{version}/xml', tags: ['process-models'], security: 'bearer',
    summary: '模型版本的 BPMN · The BPMN XML of a version',
    params: VersionParams,
    responses: [{ status: 200, description: 'The BPMN 2.0 XML.', contentType: 'application/xml' }],
    errors: [403, 404],
  },
  {
    method: 'get', path: '/api/process-models/forms/{id}', tags: ['process-models'], security: 'bearer',
    summary: '已部署表单 · The latest deployed version of a form',
    params: FormParams,
    responses: [{ status: 200, description: 'The form-js JSON as deployed.', contentType: 'application/json', schema: DeployedFormResponse }],
    errors: [403, 404],
  },
  {
    method: 'get', path: '/api/process-models/{key}/diff', tags: ['process-models'], security: 'bearer',
    summary: '版本比较 · Compare two versions of a process',
    params: KeyParams,
    query: DiffQuery,
    responses: [{ status: 200, description: 'The elements added, removed, changed and moved.', contentType: 'application/json', schema: VersionDiffResponse }],
    errors: [403, 404],
  },
  {
    method: 'put', path: '/api/process-models/{key}/versions/{version}/suspended', tags: ['process-models'], security: 'bearer',
    summary: '挂起或激活版本 · Suspend or activate a version',
    params: VersionParams,
    body: { contentType: 'application/json', schema: Suspension },
    responses: [{ status: 200, description: 'The version with its new state.', contentType: 'application/json', schema: ProcessVersionResponse }],
    errors: [403, 404],
  },
];

// helpers ////

function manager(state: AppState): void {
  if (!mayManageProcesses(principalOf(state))) throw new ForbiddenError('FORBIDDEN', localize('Only process managers and administrators manage process models', '只有流程管理员和系统管理员可以管理流程模型'));
}

async function upload(ctx: Context): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  const received = await readFiles(ctx, { field: 'files', maxBytes: MAX_UPLOAD_FILE_BYTES, maxFiles: MAX_UPLOAD_FILES });
  return { fields: Object.fromEntries(received.fields), files: received.files.map((f) => ({ name: f.fileName, bytes: f.bytes })) };
}
