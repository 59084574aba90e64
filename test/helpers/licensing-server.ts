import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { apiRoutesOf, createApp, type ApiRoute } from '../../src/api/app.js';
import { loadConfig, type LicensingConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createEngineRest, type EngineRest } from '../../src/engine/rest/rest-router.js';
import { engineAsCaller } from '../../src/engine-client/engine-as-caller.js';
import { EngineClient } from '../../src/engine-client/engine-client.js';
import { identityEntities } from '../../src/identity/index.js';
import { createLicensing, LICENSING_GROUPS, licensingEntities, type Licensing } from '../../src/licensing/index.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { createNotifications, notificationEntities, type ChannelName, type NotificationCenter, type NotificationChannel } from '../../src/notifications/index.js';
import { readDeploymentResources } from '../../src/main.js';
import { startWorkers, WORKERS, type RunningWorkers } from '../../src/workers/index.js';
import { loadFormsFromDirectory } from '../../src/forms/index.js';
import { createProcessModels, DeployedForms, type ProcessModels } from '../../src/process-management/index.js';
import { createAuthFixture, createUserWithToken, type AuthFixture, type TestUser } from './auth.js';
import { createTestDataSource, type TestDatabase } from './test-db.js';

/** The system as it runs, over a fresh test database: app, embedded engine, deployed models and forms, real workers, and a clock the test moves. */
export interface LicensingServer {
  db: TestDatabase;
  engine: Engine;
  auth: AuthFixture;
  licensing: Licensing;
  /** Inbox counts, notification settings and the delivery dispatcher; its loop is not started, tests call `dispatcher.runOnce()`. */
  notifications: NotificationCenter;
  /** Deploying, listing and comparing the procedures' versions (`/api/process-models`). */
  processModels: ProcessModels;
  http: ReturnType<typeof supertest>;
  /** An `Authorization` header for `/engine-rest` as the workers' service account (officers' own tokens are refused there). */
  engineAuthorization(): string;
  /** Every `/api` route the app serves. */
  routes: ApiRoute[];
  /** The current time of the engine, the workers and the services. */
  now(): Date;
  /** Moves the clock forward by `ms` and runs the timers that fell due. */
  advance(ms: number): Promise<void>;
  /** Sets the clock to `at` (only forward) and runs the timers that fell due. */
  advanceTo(at: Date): Promise<void>;
  /** Creates an officer in `groups` with a real token. */
  officer(id: string, groups: string[]): Promise<TestUser>;
  /** Waits until process instance `processInstanceId` waits in user task `taskDefinitionKey` (or receive task), returning the task id. */
  waitForTask(processInstanceId: string, taskDefinitionKey: string): Promise<string>;
  /** Waits until `check` returns a truthy value, running the jobs that are due meanwhile. */
  waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T>;
  close(): Promise<void>;
}

/** Options of {@link startLicensingServer}. */
export interface LicensingServerOptions {
  /** The clock's starting point; now by default. */
  startAt?: Date;
  /** Licensing settings over the defaults. */
  licensing?: Partial<LicensingConfig>;
  /** Delivery adapters instead of the log-only defaults. */
  notificationChannels?: Partial<Record<ChannelName, NotificationChannel>>;
  /** Where the log-only delivery adapters write; silent by default. */
  notificationLogger?: Logger;
}

/**
 * The app's logger in tests: silent but for server errors (a 500 answered to a request), which it prints with their
 * stack, so that a test failing on a 500 — often only on a loaded CI machine — shows why.
 */
const serverErrorsLogger: Logger = {
  ...silentLogger,
  error: (message, meta) => {
    const err = meta?.['err'];
    console.error(`[server] ${message}`, err instanceof Error ? err.stack ?? err.message : err ?? '', meta?.['code'] ?? '');
  },
  child: () => serverErrorsLogger,
};

/** Starts the licensing system for a test file. */
export async function startLicensingServer(options: LicensingServerOptions = {}): Promise<LicensingServer> {
  const db = await createTestDataSource({ entities: [...identityEntities, ...licensingEntities, ...notificationEntities] });
  const auth = createAuthFixture(db.dataSource);
  let current = (options.startAt ?? new Date()).getTime();
  const now = () => new Date(current);
  const engine = createEngine({ dataSource: db.dataSource, groupIdsOf: (u) => auth.identity.groupIdsOf(u), clock: () => current });
  const rest: EngineRest = createEngineRest(engine, (e) => console.error(e));
  const files = mkdtempSync(join(tmpdir(), 'licensing-files-'));
  const config: LicensingConfig = { ...loadConfig({}).licensing, fileStorageDir: files, publicBaseUrl: 'https://permits.example.gov.cn', ...options.licensing };
  await auth.identity.ensureGroups(LICENSING_GROUPS);
  await auth.identity.ensureWorkerAccount('worker');

  // listen first, so the engine's address is known to the services the app is built from
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const engineUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`;
  const serviceToken = () => `Bearer ${auth.tokens.sign({ userId: 'worker', groupIds: ['worker'] })}`;
  const client = new EngineClient({ baseUrl: engineUrl, authorization: serviceToken });
  const engineAs = engineAsCaller(client, auth.tokens);
  const forms = new DeployedForms(client, await loadFormsFromDirectory('forms'));
  const licensing = await createLicensing({ dataSource: db.dataSource, identity: auth.identity, config, engine: client, root: process.cwd(), now, engineAs, forms, audit: auth.audit });
  const processModels = createProcessModels({ root: process.cwd(), workers: WORKERS, engineAs, forms, audit: auth.audit, auditDeployments: false });
  const notifications = createNotifications({
    dataSource: db.dataSource, config: loadConfig({}).notifications, logger: options.notificationLogger ?? silentLogger, now, publicBaseUrl: config.publicBaseUrl, audit: auth.audit,
    ...(options.notificationChannels ? { channels: options.notificationChannels } : {}),
  });
  const app = createApp({ config: auth.config, logger: serverErrorsLogger, identity: auth.identity, tokens: auth.tokens, audit: auth.audit, engineRest: rest.middleware, licensing, processModels, notifications });
  const handle = app.callback();
  server.on('request', (req, res) => void handle(req, res));
  await client.deploy('security-supervision', readDeploymentResources(process.cwd()));
  await forms.refresh();
  const workers: RunningWorkers = startWorkers({
    engineUrl, authorization: serviceToken, deps: { now, licensing: licensing.services }, logger: silentLogger, asyncResponseTimeout: 2_000,
  });
  const http = supertest(server);

  const releaseLockedExternalTasks = async () => {
    const locked = await client.request<Array<{ id: string }>>('GET', '/external-task?locked=true');
    for (const task of locked) await client.request('POST', `/external-task/${encodeURIComponent(task.id)}/unlock`).catch(() => undefined);
  };

  const waitFor = async <T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> => {
    // generous: on a loaded CI machine a worker's retry after a transient failure backs off 10 s
    const started = Date.now();
    const deadline = started + 60_000;
    let lastRelease = started;
    for (;;) {
      // as a running job executor would: a due timer whose row was busy at the last pass (MariaDB skips locked rows) fires now
      await engine.jobs.runDueJobs();
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      // as lock expiry would, which the test's clock never reaches: a task locked by a fetch whose answer the worker
      // never received (its long poll had given up) is released after a while and fetched again
      if (Date.now() - lastRelease > 10_000) {
        lastRelease = Date.now();
        await releaseLockedExternalTasks();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    db, engine, auth, licensing, notifications, processModels, http, now, routes: apiRoutesOf(app), engineAuthorization: serviceToken,
    async advance(ms) {
      current += ms;
      await engine.jobs.runDueJobs();
    },
    async advanceTo(at) {
      current = Math.max(current, at.getTime());
      await engine.jobs.runDueJobs();
    },
    async officer(id, groups) {
      return createUserWithToken(auth, { id, groups, name: `警官${id}` });
    },
    async waitForTask(processInstanceId, taskDefinitionKey) {
      return waitFor(async () => {
        const tasks = await client.request<Array<{ id: string }>>('GET', `/task?processInstanceId=${processInstanceId}&taskDefinitionKey=${taskDefinitionKey}`);
        if (tasks[0]) return tasks[0].id;
        const waiting = await client.request<{ childActivityInstances: unknown[] }>('GET', `/process-instance/${processInstanceId}/activity-instances`).catch(() => null);
        const json = JSON.stringify(waiting ?? {});
        return json.includes(`"activityId":"${taskDefinitionKey}"`) && taskDefinitionKey.startsWith('Receive_') ? taskDefinitionKey : null;
      }, `task ${taskDefinitionKey} of ${processInstanceId}`);
    },
    waitFor,
    async close() {
      workers.stop();
      await notifications.stop();
      rest.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      rmSync(files, { recursive: true, force: true });
    },
  };
}
