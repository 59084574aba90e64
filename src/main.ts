import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { createApp } from './api/app.js';
import { AUDIT_GROUPS, AuditLog, auditEntities } from './audit/index.js';
import { resolveJwtSecret, TokenService } from './auth/tokens.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDataSource } from './db/data-source.js';
import { sqliteGateOf } from './db/sqlite-gate.js';
import { createEngine, type Engine } from './engine/engine.js';
import { createEngineRest, type EngineRest } from './engine/rest/rest-router.js';
import { engineAsCaller } from './engine-client/engine-as-caller.js';
import { EngineClient, type DeploymentResource } from './engine-client/engine-client.js';
import { IdentityService, identityEntities, SettingsRepository } from './identity/index.js';
import { rateLimitsOf } from './auth/rate-limits.js';
import { createLicensing, LICENSING_GROUPS, licensingEntities } from './licensing/index.js';
import { createNotifications, notificationEntities } from './notifications/index.js';
import { createLogger, type Logger } from './logger.js';
import { startWorkers, WORKERS, type RunningWorkers } from './workers/index.js';
import { loadFormsFromDirectory } from './forms/index.js';
import { createProcessModels, DeployedForms, PROCESS_MANAGEMENT_GROUPS, PROJECT_DEPLOYMENT_NAME } from './process-management/index.js';

/**
 * The composition root: configuration → database (migrations) → identity and tokens → embedded engine (or
 * a remote one) → HTTP server → deployment of `bpmn/` and `forms/` → workers. Stops gracefully on SIGTERM.
 */
export async function main(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Promise<{ stop: () => Promise<void>; server: Server }> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const dataSource = createDataSource(config.database, { entities: [...identityEntities, ...auditEntities, ...licensingEntities, ...notificationEntities] });
  await dataSource.initialize();
  // one writer at a time on SQLite, for the app's transactions as for the engine's (also with a remote engine)
  if (config.database.kind === 'sqlite') sqliteGateOf(dataSource);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length) logger.info('database migrated', { migrations: applied.map((m) => m.name) });

  const audit = new AuditLog(dataSource);
  const identity = new IdentityService(dataSource, { audit });
  const admin = await identity.ensureAdmin(config.adminPassword);
  if (admin.generatedPassword) {
    process.stdout.write(`\n  First start: created user 'admin' with the generated password  ${admin.generatedPassword}\n  It is shown only this once; set ADMIN_PASSWORD to choose it yourself on an empty database.\n\n`);
  }
  await identity.ensureWorkerAccount(config.workerUser);
  const tokens = new TokenService({ secret: await resolveJwtSecret(config, new SettingsRepository(dataSource)), expiresInSeconds: config.jwtExpiresInSeconds });

  let engineRest: EngineRest | null = null;
  let engine: Engine | null = null;
  if (config.engine.mode === 'embedded') {
    engine = createEngine({
      dataSource, groupIdsOf: (u) => identity.groupIdsOf(u),
      jobExecutor: {
        // a stable name, so that after a crash this node runs the jobs it had locked at once instead of after their lock expires
        lockOwner: config.engineNodeId ?? `${hostname()}:${config.port}`,
        releaseOwnLocksOnStart: true,
        onError: (error) => logger.error('job executor error', { error: String((error as Error)?.stack ?? error) }),
      },
    });
    engineRest = createEngineRest(engine, (error) => logger.error('unexpected engine error', { error: String((error as Error)?.stack ?? error) }));
    // timers (also those that fell due while the system was down) fire from now on
    engine.jobs.start();
  }
  const engineUrl = config.engine.mode === 'remote' ? config.engine.url : `http://127.0.0.1:${config.port}/engine-rest`;
  const authorization = engineAuthorization(config, tokens);
  const client = new EngineClient({ baseUrl: engineUrl, authorization });
  await identity.ensureGroups(LICENSING_GROUPS);
  await identity.ensureGroups(AUDIT_GROUPS);
  await identity.ensureGroups(PROCESS_MANAGEMENT_GROUPS);
  // the embedded engine records the officer who acts (through a delegation token); a remote engine knows only the service account
  const engineAs = config.engine.mode === 'embedded' ? engineAsCaller(client, tokens) : () => client;
  // start forms are the deployed ones (refreshed after every deployment), forms/ until the engine has been read
  const forms = new DeployedForms(client, await loadFormsFromDirectory(join(root, 'forms')));
  const licensing = await createLicensing({ dataSource, identity, config: config.licensing, engine: client, root, now: () => new Date(), engineAs, forms, audit, logger });
  const processModels = createProcessModels({
    root, workers: WORKERS, engineAs, forms, audit, auditDeployments: config.engine.mode === 'remote',
  });
  const nextYear = new Date().getUTCFullYear() + 1;
  if (!licensing.calendar.covers(nextYear)) {
    logger.warn('the holiday calendar does not cover next year yet: clocks reaching it stop their procedures (incidents) until an administrator enters it on the page 节假日安排 (or HOLIDAY_CALENDAR_FILE supplies it)', { year: nextYear });
  }
  const notifications = createNotifications({ dataSource, config: config.notifications, logger, now: () => new Date(), publicBaseUrl: config.licensing.publicBaseUrl, audit });
  const app = createApp({
    config, logger, identity, tokens, audit, licensing, processModels, notifications, rateLimits: rateLimitsOf(dataSource), webDir: join(root, 'dist', 'web'), ...(engineRest ? { engineRest: engineRest.middleware } : {}),
  });
  const server = await new Promise<Server>((ok, fail) => {
    const s = app.listen(config.port, config.host, () => ok(s));
    s.on('error', fail);
  });
  logger.info('HTTP server listening', { port: config.port, engine: config.engine.mode });

  // the embedded engine's deployments pass /engine-rest, which records them; a remote engine's are recorded here
  await deployResources(client, root, logger, config.engine.mode === 'remote' ? audit : null, forms);
  // this node deploys through /api/process-models and refreshes at once; other nodes' deployments arrive within a minute
  const formsRefresh = setInterval(() => {
    forms.refresh().catch((error: unknown) => logger.warn('reading the deployed forms failed', { error: String(error) }));
  }, 60_000);
  formsRefresh.unref();
  // a holiday arrangement entered on another node counts here within a minute
  const calendarRefresh = setInterval(() => {
    licensing.holidayYears.refresh().catch((error: unknown) => logger.warn('reading the entered holiday arrangements failed', { error: String(error) }));
  }, 60_000);
  calendarRefresh.unref();

  let workers: RunningWorkers | null = null;
  if (config.workersEnabled) {
    workers = startWorkers({ engineUrl, authorization, deps: { now: () => new Date(), licensing: licensing.services }, logger });
    logger.info('workers started', { workerIds: workers.workerIds });
  }
  // e-mail and SMS go out after the operations that stored the notifications, retried on failure
  notifications.start();
  // officers hear of new work in their inbox (and by e-mail or SMS, as they chose)
  licensing.taskArrivals.start(config.notifications.intervalSeconds * 1000, (error) => logger.warn('announcing new tasks failed', { error: String(error) }));
  // task operations a crash interrupted between the engine change and its record are confirmed or dropped
  void licensing.pendingOperations.runOnce().catch((error: unknown) => logger.warn('reconciling task operations failed', { error: String(error) }));
  licensing.pendingOperations.start(60_000, (error) => logger.warn('reconciling task operations failed', { error: String(error) }));
  // the address to open, for whoever just started the system (a wildcard bind is reached at localhost)
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(`\n  保安服务监管信息系统 is ready: open http://${shownHost}:${config.port}/ in a browser\n\n`);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      workers?.stop();
      await licensing.taskArrivals.stop();
      await licensing.pendingOperations.stop();
      await notifications.stop();
      clearInterval(formsRefresh);
      clearInterval(calendarRefresh);
      engineRest?.close();
      await engine?.jobs.stop();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      // keep-alive sockets become idle as their last answers (e.g. parked long polls) go out
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      force.unref();
      await closed;
      clearInterval(idle);
      clearTimeout(force);
      await dataSource.destroy();
      logger.info('stopped');
    })());
  return { stop, server };
}

/** Reads `bpmn/*.bpmn` and `forms/*.form` under `root`. */
export function readDeploymentResources(root: string): DeploymentResource[] {
  const out: DeploymentResource[] = [];
  for (const [dir, suffix] of [['bpmn', '.bpmn'], ['forms', '.form']] as const) {
    const path = join(root, dir);
    if (!existsSync(path)) continue;
    for (const file of readdirSync(path).filter((f) => f.endsWith(suffix)).sort()) out.push({ name: file, bytes: readFileSync(join(path, file)) });
  }
  return out;
}

// helpers ////

/** Deploys `bpmn/` and `forms/` (changed files only) and reads the deployed forms back; logs when done, ready to serve. */
async function deployResources(client: EngineClient, root: string, logger: Logger, audit: AuditLog | null, forms: DeployedForms): Promise<void> {
  const resources = readDeploymentResources(root);
  if (resources.length === 0) {
    await forms.refresh();
    return;
  }
  const result = await client.deploy(PROJECT_DEPLOYMENT_NAME, resources);
  const deployed = Object.values(result.deployedProcessDefinitions ?? {}).map((d) => `${d.key}:${d.version}`);
  await audit?.append({
    actor: null, action: 'deployment.create', subjectType: 'deployment', subjectId: result.id,
    details: { name: PROJECT_DEPLOYMENT_NAME, engine: 'remote', processDefinitions: [...deployed].sort() },
  });
  // start forms are the deployed ones from now on (a manager's newer version, too)
  await forms.refresh();
  logger.info(deployed.length ? 'deployed changed resources' : 'all resources unchanged', { deployment: result.id, deployed });
}

function engineAuthorization(config: Config, tokens: TokenService): () => string {
  if (config.engine.mode === 'remote') {
    const c = config.engine.credentials;
    const header = c ? `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}` : '';
    return () => header;
  }
  let cached = { value: '', until: 0 };
  return () => {
    const now = Date.now();
    if (now >= cached.until) {
      cached = { value: `Bearer ${tokens.sign({ userId: config.workerUser, groupIds: ['worker'] })}`, until: now + 60_000 };
    }
    return cached.value;
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  // SIGTERM or SIGINT stop the system gracefully, also while it is still starting (a supervisor's stop right after a
  // start): it then stops as soon as it has started, instead of dying half-started
  let stop: (() => Promise<void>) | null = null;
  let stopAsked = false;
  const shutdown = () => {
    if (!stop) {
      stopAsked = true;
      return;
    }
    stop().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, shutdown);
  main().then(
    (started) => {
      stop = started.stop;
      if (stopAsked) shutdown();
    },
    (error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else console.error('Start failed:', error);
      process.exit(1);
    },
  );
}
