import { Router } from '@koa/router';
import Koa, { type Middleware, type Next, type ParameterizedContext } from 'koa';
import type { AuditLog } from '../audit/audit-log.js';
import { apiAudit } from '../audit/api-audit.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { RateLimits } from '../auth/rate-limits.js';
import { engineRestAudit } from '../audit/engine-rest-audit.js';
import type { Principal, TokenService } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { NotFoundError } from '../errors.js';
import type { IdentityService } from '../identity/identity.service.js';
import type { Logger } from '../logger.js';
import { authenticate, isApiPath } from './middleware/authenticate.js';
import { engineAuth, isEngineRestPath } from './middleware/engine-auth.js';
import { errorHandler } from './middleware/error-handler.js';
import { jsonBody } from './middleware/json-body.js';
import { jsonResponse } from './middleware/json-response.js';
import { requestId } from './middleware/request-id.js';
import { requestLanguage } from './middleware/request-language.js';
import { publicThrottle } from './middleware/public-throttle.js';
import { responseContract } from './middleware/response-contract.js';
import { can } from '../jurisdiction/index.js';
import type { Licensing } from '../licensing/index.js';
import type { ProcessModels } from '../process-management/index.js';
import type { NotificationCenter } from '../notifications/index.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { applicationRoutes } from './routes/applications.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { certificateRoutes } from './routes/certificates.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { caseFileRoutes } from './routes/case-file.routes.js';
import { caseRoutes } from './routes/cases.routes.js';
import { criminalCaseRoutes } from './routes/criminal-cases.routes.js';
import { inspectionRoutes } from './routes/inspections.routes.js';
import { taskRoutes } from './routes/tasks.routes.js';
import { tipRoutes } from './routes/tips.routes.js';
import { peopleRoutes, userRoutes } from './routes/users.routes.js';
import { holidayCalendarRoutes } from './routes/holiday-calendar.routes.js';
import { incidentRoutes } from './routes/incidents.routes.js';
import { jurisdictionRoutes } from './routes/jurisdictions.routes.js';
import { workbenchRoutes } from './routes/workbench.routes.js';
import { supervisionRoutes } from './routes/supervision.routes.js';
import { mayReadProcedure } from '../workbench/procedure-access.js';
import { verifyPageRoutes } from './routes/verify-page.routes.js';
import { webApp } from './web-app.js';
import { processModelRoutes } from './routes/process-models.routes.js';
import { API_OPERATIONS, openApiRoutes } from './routes/openapi.routes.js';
import type { AppState } from './state.js';
import { localize } from '../language.js';

/** Everything the HTTP application needs; built by the composition root (`src/main.ts`). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  identity: IdentityService;
  tokens: TokenService;
  /** The tamper-evident audit log: logins, deployments through `/engine-rest`, and its own API under `/api/admin/audit`. */
  audit: AuditLog;
  /**
   * The embedded engine's Camunda 7 REST API, handling paths under `/engine-rest`. It runs behind
   * `engineAuth` and finds the caller on `ctx.state.engineUser`. Omitted when the engine is remote.
   */
  engineRest?: Middleware;
  /** The licensing procedures' API (applications, tasks, certificates, records, public verification); omitted in engine-only tests. */
  licensing?: Licensing;
  /** Process management (lint, deploy, versions, diff, suspension) under `/api/process-models`; omitted in engine-only tests. */
  processModels?: ProcessModels;
  /** Unread counts, mark-all-read and the users' notification settings (`/api/inbox/counts`, `/api/me/notification-settings`); omitted in engine-only tests. */
  notifications?: NotificationCenter;
  /**
   * Where failed logins and the public's submissions are counted (`rateLimitsOf` the database: shared by the nodes on
   * MySQL/MariaDB); this process's memory when omitted.
   */
  rateLimits?: RateLimits;
  /** The built web application (`dist/web`), served after the API with its page for every other path; omitted in API-only tests. */
  webDir?: string;
}

/** Error codes of a response whose client closed the connection before it was sent. */
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Builds the Koa application: request ids, error mapping, `/engine-rest` (authenticated, when an engine is
 * supplied) and the `/api` routes. Never listens; use `app.callback()` or `app.listen()` in the caller.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa<AppState>();
  // behind a reverse proxy, the caller's address comes from X-Forwarded-For
  app.proxy = deps.config.trustProxy;
  // errors met after the middleware (a response stream that fails): a client that went away meanwhile (a closed tab, a
  // page left while its files were loading) is not a fault of the server; anything else is logged
  app.on('error', (error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && CLIENT_GONE.has(code)) return;
    deps.logger.error('HTTP response failed', { error: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) });
  });

  app.use(requestId(deps.logger));
  app.use(requestLanguage());
  app.use(errorHandler());

  if (deps.engineRest) {
    const engineRest = deps.engineRest as Middleware<AppState>;
    // officers and applicants work through /api, which checks their jurisdiction and calls the engine for them with
    // a delegation token; the engine API itself is for the roles holding `engine-rest` (workers, engine operators,
    // administrators)
    const forbidden = (p: Principal) => !can(p, 'engine-rest');
    app.use(when(isEngineRestPath, engineRestAudit(deps.audit), engineAuth({ identity: deps.identity, tokens: deps.tokens, forbidden, accounts: deps.identity }), engineRest));
  }

  const api = new Router<AppState>();
  api.use(healthRoutes().routes());
  api.use(openApiRoutes().routes());
  api.use(authRoutes({
    identity: deps.identity, tokens: deps.tokens, audit: deps.audit,
    throttle: new LoginThrottle({ maxFailures: deps.config.loginThrottle.maxFailures, windowSeconds: deps.config.loginThrottle.lockMinutes * 60 }, deps.rateLimits),
  }).routes());
  api.use(userRoutes({ identity: deps.identity }).routes());
  api.use(peopleRoutes({ identity: deps.identity }).routes());
  api.use(auditRoutes({ audit: deps.audit }).routes());
  if (deps.licensing) {
    const l = deps.licensing;
    const s = l.services;
    api.use(publicRoutes({ accounts: l.accounts, documents: s.documents, regions: s.regions }).routes());
    api.use(applicationRoutes({ dataSource: s.dataSource, applications: l.applications, clocks: s.clocks, documents: s.documents, notifications: s.notifications, uploadMaxBytes: s.config.uploadMaxBytes,
      mayReadProcessDocument: (principal, pid) => mayReadProcedure(l.procedures, principal, pid) }).routes());
    api.use(taskRoutes({ tasks: l.tasks, workbench: l.workbench }).routes());
    api.use(certificateRoutes({ certificates: l.certificates, audit: deps.audit }).routes());
    api.use(recordRoutes({ records: s.records, now: s.now }).routes());
    api.use(tipRoutes({ tips: l.tips }).routes());
    api.use(inspectionRoutes({ inspections: l.inspections }).routes());
    api.use(caseRoutes({ cases: s.cases }).routes());
    api.use(criminalCaseRoutes({ criminalCases: s.criminalCases }).routes());
    api.use(caseFileRoutes('/api/cases', 'admin', { caseFile: l.caseFile }).routes());
    api.use(caseFileRoutes('/api/criminal-cases', 'criminal', { caseFile: l.caseFile }).routes());
    api.use(workbenchRoutes({ workbench: l.workbench }).routes());
    api.use(supervisionRoutes({ supervision: l.supervision }).routes());
    api.use(jurisdictionRoutes({ jurisdictions: l.jurisdictions }).routes());
    api.use(holidayCalendarRoutes({ holidayYears: l.holidayYears }).routes());
    api.use(incidentRoutes({ incidents: l.incidents }).routes());
  }
  if (deps.processModels) api.use(processModelRoutes({ processModels: deps.processModels }).routes());
  if (deps.notifications) api.use(notificationRoutes({ notifications: deps.notifications }).routes());
  app.use(
    when(
      isApiPath,
      jsonResponse() as Middleware<AppState>,
      responseContract(API_OPERATIONS, deps.config.apiResponseCheck),
      jsonBody(),
      authenticate(deps.tokens, deps.identity),
      publicThrottle(deps.config.publicSubmissionsPerHour, deps.rateLimits),
      apiAudit(deps.audit),
      noRoute(),
      api.routes() as Middleware<AppState>,
      api.allowedMethods({ throw: true }) as Middleware<AppState>,
    ),
  );

  if (deps.licensing) app.use(verifyPageRoutes({ documents: deps.licensing.services.documents }).routes() as Middleware<AppState>);
  if (deps.webDir) app.use(webApp({ dir: deps.webDir }) as Middleware<AppState>);

  API_ROUTERS.set(app, api);
  return app;
}

/** An `/api` route: its HTTP method (upper case, `HEAD` left out) and its path pattern as registered (`/api/tips/:id`). */
export interface ApiRoute {
  method: string;
  path: string;
}

/**
 * Every `/api` route of an app built by {@link createApp}, in registration order — for checks that each route is
 * documented and covered by the authorisation tests. Empty for any other Koa app.
 */
export function apiRoutesOf(app: Koa): ApiRoute[] {
  const router = API_ROUTERS.get(app);
  if (!router) return [];
  return router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path) })));
}

// helpers ////

/** The `/api` router of each app built by {@link createApp}. */
const API_ROUTERS = new WeakMap<Koa, Router<AppState>>();

type Ctx = ParameterizedContext<AppState>;

/** Runs `chain` in order for requests whose path satisfies `matches`; passes the others straight on. */
function when(matches: (path: string) => boolean, ...chain: Middleware<AppState>[]): Middleware<AppState> {
  return (ctx, next) => (matches(ctx.path) ? run(chain, 0, ctx, next) : next());
}

function run(chain: Middleware<AppState>[], index: number, ctx: Ctx, next: Next): Promise<unknown> {
  const middleware = chain[index];
  if (!middleware) return next();
  return Promise.resolve(middleware(ctx as never, () => run(chain, index + 1, ctx, next)));
}

/** Answers `/api` requests that no route handled with a JSON 404. */
function noRoute(): Middleware<AppState> {
  return async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body == null) throw new NotFoundError('NOT_FOUND', localize(`No route for ${ctx.method} ${ctx.path}`, `没有 ${ctx.method} ${ctx.path} 这一接口`));
  };
}
