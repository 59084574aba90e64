import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from '@koa/router';
import { z } from 'zod';
import type { ApiOperation } from '../openapi/api-operation.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../openapi/openapi-document.js';
import type { AppState } from '../state.js';
import { applicationOperations } from './applications.routes.js';
import { auditOperations } from './audit.routes.js';
import { authOperations } from './auth.routes.js';
import { caseFileOperations } from './case-file.routes.js';
import { caseOperations } from './cases.routes.js';
import { certificateOperations } from './certificates.routes.js';
import { criminalCaseOperations } from './criminal-cases.routes.js';
import { healthOperations } from './health.routes.js';
import { holidayCalendarOperations } from './holiday-calendar.routes.js';
import { incidentOperations } from './incidents.routes.js';
import { inspectionOperations } from './inspections.routes.js';
import { jurisdictionOperations } from './jurisdictions.routes.js';
import { notificationOperations } from './notifications.routes.js';
import { processModelOperations } from './process-models.routes.js';
import { publicOperations } from './public.routes.js';
import { recordOperations } from './records.routes.js';
import { supervisionOperations } from './supervision.routes.js';
import { taskOperations } from './tasks.routes.js';
import { tipOperations } from './tips.routes.js';
import { userOperations } from './users.routes.js';
import { workbenchOperations } from './workbench.routes.js';

/** Path of the OpenAPI description, public. */
export const OPENAPI_PATH = '/api/openapi.json';

const JsonObjects = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Answer of `GET /api/openapi.json`: the parts of an OpenAPI 3.1 document that `buildOpenApiDocument` writes. */
export const OpenApiDocumentResponse = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.object({ url: z.string(), description: z.string().optional() })),
  tags: z.array(z.object({ name: z.string(), description: z.string().optional() })),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  paths: z.record(z.string(), JsonObjects).describe('Path items by path, each with its operations by method.'),
  components: z.object({ securitySchemes: JsonObjects, schemas: JsonObjects, responses: JsonObjects }),
});

/** The operation of {@link openApiRoutes}. */
export const openApiOperations: ApiOperation[] = [
  {
    method: 'get', path: OPENAPI_PATH, tags: ['openapi'], security: 'public',
    summary: '接口说明 · This API described in OpenAPI 3.1',
    description: 'The whole `/api`, generated from the zod schemas the routes validate their input with.',
    responses: [{ status: 200, description: 'The OpenAPI 3.1 document.', contentType: 'application/json', schema: OpenApiDocumentResponse }],
  },
];

/**
 * Every operation of `/api`, whether or not the app at hand mounts the module (an engine-only app mounts only
 * health, auth, users and audit). The contract test `test/contract/openapi.test.ts` holds it equal to the routes.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...healthOperations,
  ...openApiOperations,
  ...authOperations,
  ...userOperations,
  ...auditOperations,
  ...publicOperations,
  ...applicationOperations,
  ...taskOperations,
  ...certificateOperations,
  ...recordOperations,
  ...tipOperations,
  ...inspectionOperations,
  ...caseOperations,
  ...criminalCaseOperations,
  ...caseFileOperations,
  ...workbenchOperations,
  ...supervisionOperations,
  ...jurisdictionOperations,
  ...holidayCalendarOperations,
  ...incidentOperations,
  ...processModelOperations,
  ...notificationOperations,
];

/** The OpenAPI 3.1 document of {@link API_OPERATIONS}, built on first use. */
export function apiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(API_OPERATIONS, {
    title: '保安服务监管信息系统 API',
    version: packageVersion(),
    description:
      '保安服务监管信息系统的应用接口 · The application API of the security service supervision system: licensing, tips, ' +
      'inspections, cases, the officers\' workbench and administration. Every operation needs a bearer JWT from ' +
      '`POST /api/auth/login` unless it is marked public. Errors answer `{code, message, details?}`. The workflow ' +
      'engine\'s Camunda 7 REST API at `/engine-rest` is described by Camunda\'s own OpenAPI document.',
    tagDescriptions: TAG_DESCRIPTIONS,
  });
  return cached;
}

/** `GET /api/openapi.json`: the OpenAPI 3.1 description of `/api`, public. */
export function openApiRoutes(): Router<AppState> {
  const router = new Router<AppState>();
  router.get(OPENAPI_PATH, (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = apiDocument();
  });
  return router;
}

// helpers ////

let cached: OpenApiDocument | undefined;

const TAG_DESCRIPTIONS: Record<string, string> = {
  health: '运行状态 · Liveness',
  openapi: '接口说明 · This description',
  auth: '登录与令牌 · Login and tokens',
  admin: '用户管理 · Officer accounts (administrators)',
  audit: '审计日志 · The tamper-evident audit log (administrators and auditors)',
  public: '公众服务 · What the public reaches without an account',
  applications: '许可与备案申请 · Permit applications and filings (applicants)',
  inbox: '消息 · The caller\'s inbox',
  tasks: '审批表单 · Form steps of the procedures (officers)',
  'guard-certificates': '保安员证 · Guard certificates (officers)',
  records: '不良记录库 · The register of disqualifying records (administrators)',
  tips: '举报 · Tips from the public and their handling',
  inspections: '监督检查 · Supervision inspections',
  cases: '行政案件 · Administrative cases',
  'criminal-cases': '刑事案件 · Criminal cases',
  workbench: '工作台 · The officers\' workbench',
  jurisdictions: '辖区与角色 · The jurisdiction tree and the role table',
  'process-models': '流程管理 · Process models: lint, deploy, versions (process managers)',
  supervision: '监管督办 · Supervision: clocks due and overdue, figures, CSV exports',
  notifications: '通知设置 · Unread counts, mark all read, e-mail and SMS settings',
};

/** The `version` of the project's package.json, found by walking up from this file (it runs from `src/` and `dist/src/`). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
      if (typeof pkg.version === 'string') return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above src/api/routes');
    dir = parent;
  }
}
