import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import supertest from 'supertest';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

/**
 * The system as separate operating-system processes, built with the production build: the first process is
 * killed hard (SIGKILL) while instances wait at an external task and a user task; a second process on the same
 * database finishes them and then shuts down gracefully on SIGTERM.
 */
const BUILD_DIR = '.test-build';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Starts the built system and resolves once it serves (and, with workers enabled, once its workers poll). */
async function startSystem(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [`${BUILD_DIR}/src/main.js`], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 60_000;
  const ready = env.WORKERS_ENABLED === 'true'
    ? () => out.includes('"msg":"workers started"')
    : () => out.includes('"msg":"all resources unchanged"') || out.includes('"msg":"deployed changed resources"');
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`system exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`system did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('the system as operating-system processes', () => {
  let db: TestDatabase;
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR, '--tsBuildInfoFile', `${BUILD_DIR}/.tsbuildinfo`], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }, 180_000);
  beforeAll(async () => {
    db = await createTestDataSource({ migrate: false });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('survives a hard kill while instances wait, and stops gracefully on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: db.settings.kind === 'mysql' ? db.settings.location : `sqlite:${db.settings.location}`,
      PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD: 'admin-password-2', JWT_SECRET: 'z'.repeat(40), LOG_LEVEL: 'info',
    };
    const auth = { Authorization: `Basic ${Buffer.from('admin:admin-password-2').toString('base64')}` };
    const http = supertest(`http://127.0.0.1:${port}`);

    // given a first process without workers, with one instance at the external task and one at the user task
    const first = await startSystem({ ...env, WORKERS_ENABLED: 'false' });
    const atExternal = (await http.post('/engine-rest/process-definition/key/example-greeting/start').set(auth).send({ variables: { name: { value: '孙七', type: 'String' } } }).expect(200)).body.id as string;
    const atUserTask = (await http.post('/engine-rest/process-definition/key/example-greeting/start').set(auth).send({}).expect(200)).body.id as string;
    const locked = (await http.post('/engine-rest/external-task/fetchAndLock').set(auth)
      .send({ workerId: 'manual', maxTasks: 10, topics: [{ topicName: 'compose-greeting', lockDuration: 60000 }] }).expect(200)).body as Array<{ id: string; processInstanceId: string }>;
    for (const task of locked) {
      if (task.processInstanceId === atUserTask) {
        await http.post(`/engine-rest/external-task/${task.id}/complete`).set(auth).send({ workerId: 'manual', variables: { greeting: { value: '手工', type: 'String' } } }).expect(204);
      } else {
        await http.post(`/engine-rest/external-task/${task.id}/unlock`).set(auth).expect(204);
      }
    }

    // when the process is killed hard
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');

    // then a second process on the same database finishes both instances
    const second = await startSystem({ ...env, WORKERS_ENABLED: 'true' });
    try {
      // a loaded CI machine (MariaDB, two cores) can take a while to poll; the output explains a failure
      const deadline = Date.now() + 60_000;
      let tasks: Array<{ id: string; processInstanceId: string }> = [];
      while (Date.now() < deadline) {
        tasks = (await http.get('/engine-rest/task?processDefinitionKey=example-greeting').set(auth).expect(200)).body as typeof tasks;
        if (tasks.length === 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (tasks.length !== 2) {
        const external = (await http.get(`/engine-rest/external-task?processInstanceId=${atExternal}`).set(auth)).body as unknown;
        throw new Error(`expected both instances at the user task; tasks ${JSON.stringify(tasks)}, external tasks ${JSON.stringify(external)}\n${second.output()}`);
      }
      expect(tasks.map((t) => t.processInstanceId).sort()).toEqual([atExternal, atUserTask].sort());
      expect((await http.get(`/engine-rest/process-instance/${atExternal}/variables/greeting`).set(auth).expect(200)).body.value).toBe('您好，孙七！');
      for (const t of tasks) await http.post(`/engine-rest/task/${t.id}/complete`).set(auth).send({}).expect(204);
      expect((await http.get('/engine-rest/process-instance/count?processDefinitionKey=example-greeting').set(auth).expect(200)).body).toEqual({ count: 0 });
    } finally {
      // and it stops gracefully on SIGTERM
      second.child.kill('SIGTERM');
      const { code } = await exited(second.child);
      expect(code).toBe(0);
      expect(second.output()).toContain('"msg":"stopped"');
    }
  }, 180_000);

  it('stops gracefully when asked to while it is still starting, once it has started', async () => {
    // given: a process that has begun to start (its first log line), not yet serving
    const port = await freePort();
    const child = spawn(process.execPath, [`${BUILD_DIR}/src/main.js`], {
      env: {
        ...process.env, DATABASE_URL: db.settings.kind === 'mysql' ? db.settings.location : `sqlite:${db.settings.location}`,
        PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD: 'admin-password-2', JWT_SECRET: 'z'.repeat(40), LOG_LEVEL: 'info', WORKERS_ENABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve) => child.stdout?.once('data', (c: Buffer) => {
      out += c.toString();
      child.stdout?.on('data', (more: Buffer) => (out += more.toString()));
      resolve();
    }));

    // when: a supervisor stops it at once
    child.kill('SIGTERM');

    // then: it finishes starting and stops as on any SIGTERM, instead of dying half-started
    const ended = await exited(child);
    expect({ ended, stopped: out.includes('"msg":"stopped"') }).toEqual({ ended: { code: 0, signal: null }, stopped: true });
  }, 120_000);
});
