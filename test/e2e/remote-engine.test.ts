import { createServer } from 'node:net';
import supertest from 'supertest';
import { main } from '../../src/main.js';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const urlOf = (db: TestDatabase) => (db.settings.kind === 'mysql' ? db.settings.location : `sqlite:${db.settings.location}`);

describe('ENGINE_URL: running against a remote Camunda-7-compatible engine', () => {
  let engineDb: TestDatabase;
  let appDb: TestDatabase;
  beforeAll(async () => {
    engineDb = await createTestDataSource({ migrate: false });
    appDb = await createTestDataSource({ migrate: false });
  });
  afterAll(async () => {
    await appDb.destroy();
    await engineDb.destroy();
  });

  it('deploys to the remote engine and serves its topics there, through the REST API only', async () => {
    // given an engine host (here: another instance of this system with the embedded engine, no workers)
    const enginePort = await freePort();
    const common = { HOST: '127.0.0.1', JWT_SECRET: 'y'.repeat(40), LOG_LEVEL: 'silent' };
    const engineHost = await main({ ...common, DATABASE_URL: urlOf(engineDb), PORT: String(enginePort), ADMIN_PASSWORD: 'engine-admin-1', WORKERS_ENABLED: 'false' });
    // and an app that points ENGINE_URL at it
    const app = await main({
      ...common, DATABASE_URL: urlOf(appDb), PORT: String(await freePort()), ADMIN_PASSWORD: 'app-admin-1',
      ENGINE_URL: `http://127.0.0.1:${enginePort}/engine-rest`, ENGINE_USER: 'admin', ENGINE_PASSWORD: 'engine-admin-1',
    });
    try {
      const remote = supertest(engineHost.server);
      const auth = { Authorization: `Basic ${Buffer.from('admin:engine-admin-1').toString('base64')}` };
      // then the app serves no engine of its own
      await supertest(app.server).get('/engine-rest/engine').expect(404);
      // and its deployment of unchanged resources created no new version on the remote engine
      expect((await remote.get('/engine-rest/process-definition?key=example-greeting').set(auth).expect(200)).body).toHaveLength(1);
      // when an instance starts on the remote engine
      const id = (await remote.post('/engine-rest/process-definition/key/example-greeting/start').set(auth)
        .send({ variables: { name: { value: '远程', type: 'String' } } }).expect(200)).body.id as string;
      // then the app's worker completes its external task there
      const deadline = Date.now() + 10_000;
      let tasks: unknown[] = [];
      while (Date.now() < deadline) {
        tasks = (await remote.get(`/engine-rest/task?processInstanceId=${id}`).set(auth).expect(200)).body as unknown[];
        if (tasks.length === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(tasks).toHaveLength(1);
      const vars = (await remote.get(`/engine-rest/process-instance/${id}/variables`).set(auth).expect(200)).body;
      expect(vars.greeting.value).toBe('您好，远程！');
    } finally {
      await app.stop();
      await engineHost.stop();
    }
  });
});
