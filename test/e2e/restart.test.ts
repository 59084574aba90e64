import { jest } from '@jest/globals';
import { createServer } from 'node:net';
import supertest from 'supertest';
import { main } from '../../src/main.js';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function urlOf(db: TestDatabase): string {
  return db.settings.kind === 'mysql' ? db.settings.location : `sqlite:${db.settings.location}`;
}

async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('starting, stopping and restarting the system on one database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDataSource({ migrate: false });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('keeps waiting instances across a restart and finishes them on the new process', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: urlOf(db), PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD: 'admin-password-1', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' };

    // given a first run without workers: instances wait at the external task and at the user task
    const first = await main({ ...env, WORKERS_ENABLED: 'false' });
    const http1 = supertest(first.server);
    const auth = { Authorization: `Basic ${Buffer.from('admin:admin-password-1').toString('base64')}` };
    const started = await http1.post('/engine-rest/process-definition/key/example-greeting/start').set(auth)
      .send({ businessKey: 'restart-1', variables: { name: { value: '王五', type: 'String' } } }).expect(200);
    const atExternal = started.body.id as string;
    const other = (await http1.post('/engine-rest/process-definition/key/example-greeting/start').set(auth).send({}).expect(200)).body.id as string;
    const ext = await http1.get(`/engine-rest/external-task?processInstanceId=${atExternal}`).set(auth).expect(200);
    expect(ext.body).toHaveLength(1);
    const versionBefore = (await http1.get('/engine-rest/process-definition/key/example-greeting').set(auth).expect(200)).body.version as number;

    // when the system stops and a new one starts on the same database, this time with workers
    await first.stop();
    const second = await main({ ...env, WORKERS_ENABLED: 'true' });
    try {
      const http2 = supertest(second.server);
      // then the worker completes the external tasks that waited across the restart
      const tasks = await until(async () => {
        const res = await http2.get('/engine-rest/task?processDefinitionKey=example-greeting').set(auth).expect(200);
        return (res.body as unknown[]).length === 2 ? (res.body as Array<{ id: string; processInstanceId: string }>) : null;
      }, 'both instances to reach the user task');
      const vars = await http2.get(`/engine-rest/process-instance/${atExternal}/variables`).set(auth).expect(200);
      expect(vars.body.greeting).toMatchObject({ type: 'String', value: '您好，王五！' });
      // and nothing was redeployed: the unchanged model keeps its version
      expect((await http2.get('/engine-rest/process-definition/key/example-greeting').set(auth).expect(200)).body.version).toBe(versionBefore);
      // and the user tasks can be finished
      for (const t of tasks) await http2.post(`/engine-rest/task/${t.id}/complete`).set(auth).send({}).expect(204);
      for (const id of [atExternal, other]) await http2.get(`/engine-rest/process-instance/${id}`).set(auth).expect(404);
    } finally {
      await second.stop();
    }
  });

  it('prints the address of the web application once it is ready', async () => {
    const port = await freePort();
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }));
    let running: Awaited<ReturnType<typeof main>> | undefined;
    try {
      running = await main({ DATABASE_URL: urlOf(db), PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD: 'admin-password-1', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent', WORKERS_ENABLED: 'false' });
    } finally {
      spy.mockRestore();
      await running?.stop();
    }
    expect(written.join('')).toContain(`open http://127.0.0.1:${port}/ in a browser`);
  });

  it('refuses to start with invalid configuration, naming each bad variable', async () => {
    await expect(main({ PORT: 'eighty', DATABASE_URL: 'postgres://x', JWT_SECRET: 'short' })).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/),
    });
  });
});
