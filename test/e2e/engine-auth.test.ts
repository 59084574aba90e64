import Koa, { type Middleware } from 'koa';
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import { engineAuth } from '../../src/api/middleware/engine-auth.js';
import { errorHandler } from '../../src/api/middleware/error-handler.js';
import { requestId } from '../../src/api/middleware/request-id.js';
import type { AppState } from '../../src/api/state.js';
import { TokenService } from '../../src/auth/tokens.js';
import { RestException } from '../../src/engine/errors.js';
import { silentLogger } from '../../src/logger.js';
import { basicAuth, bearer, createAuthFixture, createUserWithToken, type AuthFixture, type TestUser } from '../helpers/auth.js';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

/**
 * Stands in for the engine's REST module: echoes who the engine would act for, serves the open engine list,
 * and throws an engine exception on request.
 */
const echoEngine: Middleware = (ctx) => {
  if (ctx.path === '/engine-rest/engine') {
    ctx.body = [{ name: 'default' }];
    return;
  }
  if (ctx.path === '/engine-rest/task/missing') throw new RestException(404, "Task with id missing does not exist");
  ctx.body = { path: ctx.path, engineUser: ctx.state['engineUser'] ?? null };
};

describe('/engine-rest authentication', () => {
  let db: TestDatabase;
  let fixture: AuthFixture;
  let app: Koa;
  let clerk: TestUser;

  beforeAll(async () => {
    db = await createTestDataSource();
    fixture = createAuthFixture(db.dataSource);
    app = createApp({ ...fixture, logger: silentLogger, engineRest: echoEngine });
    clerk = await createUserWithToken(fixture, { id: 'clerk', password: 'clerk-password', groups: ['engine-operator'] });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  describe('refuses with 401, a Basic challenge and an empty body', () => {
    it.each([
      ['no credentials', undefined],
      ['a wrong Basic password', basicAuth('clerk', 'wrong-password')],
      ['a Basic header for an unknown user', basicAuth('nobody', 'clerk-password')],
      ['a malformed Basic header', 'Basic !!!not-base64!!!'],
      ['a Basic header without a colon', `Basic ${Buffer.from('clerk').toString('base64')}`],
      ['a bad Bearer token', bearer('not.a.jwt')],
      ['a Bearer token signed with another secret', bearer(new TokenService({ secret: 'z'.repeat(40), expiresInSeconds: 60 }).sign({ userId: 'clerk', groupIds: [] }))],
      ['an unknown scheme', 'Digest username="clerk"'],
    ])('for %s', async (_case, authorization) => {
      // when
      const req = request(app.callback()).get('/engine-rest/external-task');
      const res = await (authorization === undefined ? req : req.set('Authorization', authorization));

      // then
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="default"');
      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
    });

    it('for a disabled user with the right Basic password', async () => {
      // given
      await createUserWithToken(fixture, { id: 'gone', password: 'gone-password' });
      await fixture.identity.setDisabled('gone', true);

      // when
      const res = await request(app.callback()).get('/engine-rest/task').set('Authorization', basicAuth('gone', 'gone-password'));

      // then
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="default"');
    });

    it('for the bare /engine-rest root and named-engine paths', async () => {
      expect((await request(app.callback()).get('/engine-rest')).status).toBe(401);
      expect((await request(app.callback()).get('/engine-rest/engine/default/task')).status).toBe(401);
    });
  });

  describe('lets the request through to the engine', () => {
    it('with the right Basic password, as that user with its groups', async () => {
      const res = await request(app.callback()).get('/engine-rest/external-task').set('Authorization', basicAuth('clerk', 'clerk-password'));

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ path: '/engine-rest/external-task', engineUser: { userId: 'clerk', groupIds: ['engine-operator'] } });
    });

    it('with a valid Bearer token, as its principal', async () => {
      const res = await request(app.callback()).post('/engine-rest/external-task/fetchAndLock').set('Authorization', bearer(clerk.token));

      expect(res.status).toBe(200);
      expect(res.body.engineUser).toEqual({ userId: 'clerk', groupIds: ['engine-operator'] });
    });

    it('for GET /engine-rest/engine without credentials, as Camunda does', async () => {
      const res = await request(app.callback()).get('/engine-rest/engine');

      expect(res.status).toBe(200);
      expect(res.body).toEqual([{ name: 'default' }]);
    });

    it('without parsing its body: the engine reads the raw request itself', async () => {
      // given: an engine that reads the body stream on its own
      const readsBody: Middleware = async (ctx) => {
        const chunks: Buffer[] = [];
        for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
        ctx.body = { raw: Buffer.concat(chunks).toString('utf8') };
      };
      const bodyApp = createApp({ ...fixture, logger: silentLogger, engineRest: readsBody });

      // when
      const res = await request(bodyApp.callback())
        .post('/engine-rest/message')
        .set('Authorization', bearer(clerk.token))
        .set('Content-Type', 'application/json')
        .send('{"messageName":"x"}');

      // then
      expect(res.body).toEqual({ raw: '{"messageName":"x"}' });
    });
  });

  describe('stops a Bearer token as soon as its account changes', () => {
    it.each([
      ['is disabled', (id: string) => fixture.identity.updateUser(id, { disabled: true })],
      ['loses its groups', (id: string) => fixture.identity.updateUser(id, { groups: [] })],
    ])('when the account %s, with 401', async (_case, change) => {
      // given: an operator whose token works
      const operator = await createUserWithToken(fixture, { id: `operator-${_case.length}`, password: 'operator-password', groups: ['engine-operator'] });
      expect((await request(app.callback()).get('/engine-rest/task').set('Authorization', bearer(operator.token))).status).toBe(200);

      // when
      await change(operator.id);

      // then
      expect((await request(app.callback()).get('/engine-rest/task').set('Authorization', bearer(operator.token))).status).toBe(401);
    });
  });

  describe('keeps process managers out: they design and deploy procedures through /api', () => {
    it('with 403 for their token and their password', async () => {
      const manager = await createUserWithToken(fixture, { id: 'flow-manager', password: 'manager-password', groups: ['process-manager'] });

      for (const authorization of [bearer(manager.token), basicAuth('flow-manager', 'manager-password')]) {
        const res = await request(app.callback()).get('/engine-rest/task').set('Authorization', authorization);
        expect(res.status).toBe(403);
        expect(res.body.type).toBe('AuthorizationException');
      }
    });
  });

  describe('keeps officers and applicants out: they work through /api, which calls the engine for them', () => {
    let officer: TestUser;

    beforeAll(async () => {
      officer = await createUserWithToken(fixture, { id: 'reviewer-gz', password: 'reviewer-password', groups: ['filing-reviewer-440100'] });
    });

    it.each([
      ['their login token', () => bearer(officer.token)],
      ['their Basic password', () => basicAuth('reviewer-gz', 'reviewer-password')],
    ])('with 403 and Camunda’s AuthorizationException for %s', async (_case, authorization) => {
      const res = await request(app.callback()).get('/engine-rest/task').set('Authorization', authorization());

      expect(res.status).toBe(403);
      expect(res.body).toEqual({ type: 'AuthorizationException', message: "The user with id 'reviewer-gz' may not use the engine REST API; officers work through /api.", code: null });
    });

    it('but admits the application’s short-lived delegation token for the officer, as that officer', async () => {
      const res = await request(app.callback()).get('/engine-rest/task').set('Authorization', bearer(fixture.tokens.signDelegation({ userId: 'reviewer-gz', groupIds: ['filing-reviewer-440100'] })));

      expect(res.status).toBe(200);
      expect(res.body.engineUser).toEqual({ userId: 'reviewer-gz', groupIds: ['filing-reviewer-440100'] });
    });

    it('and refuses a delegation token on /api, where only login tokens count', async () => {
      const delegation = fixture.tokens.signDelegation({ userId: 'reviewer-gz', groupIds: ['filing-reviewer-440100'] });

      expect((await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(delegation))).status).toBe(401);
      expect((await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(officer.token))).status).toBe(200);
    });
  });

  it('answers engine exceptions that escape the engine module in Camunda’s {type, message, code} shape', async () => {
    const res = await request(app.callback()).get('/engine-rest/task/missing').set('Authorization', bearer(clerk.token));

    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ type: 'RestException', message: 'Task with id missing does not exist', code: 0 });
  });

  it('is absent when no engine is supplied', async () => {
    const noEngine = createApp({ ...fixture, logger: silentLogger });

    const res = await request(noEngine.callback()).get('/engine-rest/engine');

    expect(res.status).toBe(404);
  });

  describe('remembering Basic verifications', () => {
    it('accepts a verified header for 60 seconds without re-checking, then checks again', async () => {
      // given: an app whose engine authentication runs on a controllable clock
      let now = Date.now();
      const koa = new Koa<AppState>();
      koa.use(requestId(silentLogger));
      koa.use(errorHandler());
      koa.use(engineAuth({ identity: fixture.identity, tokens: fixture.tokens, clock: () => now }));
      koa.use(echoEngine as Middleware<AppState>);
      await createUserWithToken(fixture, { id: 'cached', password: 'old-password' });
      const header = basicAuth('cached', 'old-password');
      expect((await request(koa.callback()).get('/engine-rest/task').set('Authorization', header)).status).toBe(200);

      // when: the password changes, within the minute and after it
      await fixture.identity.setPassword('cached', 'new-password');
      now += 59_000;
      const withinMinute = await request(koa.callback()).get('/engine-rest/task').set('Authorization', header);
      now += 2_000;
      const afterMinute = await request(koa.callback()).get('/engine-rest/task').set('Authorization', header);

      // then
      expect(withinMinute.status).toBe(200);
      expect(afterMinute.status).toBe(401);
    });
  });
});
