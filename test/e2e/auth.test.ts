import jwt from 'jsonwebtoken';
import type Koa from 'koa';
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import { TokenService, TOKEN_ISSUER } from '../../src/auth/tokens.js';
import { silentLogger } from '../../src/logger.js';
import { bearer, createAuthFixture, createUserWithToken, TEST_JWT_SECRET, type AuthFixture, type TestUser } from '../helpers/auth.js';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

describe('auth API', () => {
  let db: TestDatabase;
  let fixture: AuthFixture;
  let app: Koa;
  let user: TestUser;

  beforeAll(async () => {
    db = await createTestDataSource();
    fixture = createAuthFixture(db.dataSource);
    // behind a proxy, so that the tests can call from several addresses
    app = createApp({ ...fixture, config: { ...fixture.config, trustProxy: true }, logger: silentLogger });
    user = await createUserWithToken(fixture, { id: 'zhao.lei', name: '赵雷', password: 'zhao-lei-password', groups: ['patrol'] });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  describe('POST /api/auth/login', () => {
    it('with the right password returns a bearer token that works on /api/auth/me', async () => {
      // when
      const res = await request(app.callback()).post('/api/auth/login').send({ username: 'zhao.lei', password: 'zhao-lei-password' });

      // then
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toEqual({
        token: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 8 * 3600,
        user: { id: 'zhao.lei', name: '赵雷', groups: ['patrol'] },
        passwordChangeRequired: false,
      });
      const me = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(res.body.token));
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ userId: 'zhao.lei', groupIds: ['patrol'] });
    });

    it('signs an HS256 token with our issuer, the user as subject and the configured lifetime', async () => {
      const res = await request(app.callback()).post('/api/auth/login').send({ username: 'zhao.lei', password: 'zhao-lei-password' });

      const decoded = jwt.decode(res.body.token, { complete: true });
      expect(decoded?.header.alg).toBe('HS256');
      expect(decoded?.payload).toMatchObject({ sub: 'zhao.lei', iss: TOKEN_ISSUER, groups: ['patrol'] });
      const payload = decoded?.payload as { iat: number; exp: number };
      expect(payload.exp - payload.iat).toBe(8 * 3600);
    });

    it.each([
      ['a missing username', { password: 'x' }, 'username'],
      ['an empty username', { username: '', password: 'x' }, 'username'],
      ['a missing password', { username: 'zhao.lei' }, 'password'],
      ['a numeric password', { username: 'zhao.lei', password: 123 }, 'password'],
    ])('with %s answers 400 VALIDATION_FAILED naming the field', async (_case, body, field) => {
      // when
      const res = await request(app.callback()).post('/api/auth/login').send(body);

      // then
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(field);
      expect(res.body.details.issues).toEqual([expect.objectContaining({ path: field })]);
    });

    it('without a body answers 400 VALIDATION_FAILED', async () => {
      const res = await request(app.callback()).post('/api/auth/login');

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('with malformed JSON answers 400 VALIDATION_FAILED', async () => {
      const res = await request(app.callback()).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": ');

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 'VALIDATION_FAILED', message: 'Request body is not valid JSON', details: { issues: [] } });
    });

    it('with a wrong password answers 401 INVALID_CREDENTIALS', async () => {
      const res = await request(app.callback()).post('/api/auth/login').send({ username: 'zhao.lei', password: 'not-the-password' });

      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      expect(res.body).not.toHaveProperty('token');
    });

    it('with an unknown user answers exactly as for a wrong password', async () => {
      // given
      const wrongPassword = await request(app.callback()).post('/api/auth/login').send({ username: 'zhao.lei', password: 'not-the-password' });

      // when
      const unknownUser = await request(app.callback()).post('/api/auth/login').send({ username: 'nobody', password: 'not-the-password' });

      // then
      expect(unknownUser.status).toBe(401);
      expect(unknownUser.body).toEqual(wrongPassword.body);
    });

    it('for a disabled user answers 401 INVALID_CREDENTIALS', async () => {
      await createUserWithToken(fixture, { id: 'retired', password: 'retired-password' });
      await fixture.identity.setDisabled('retired', true);

      const res = await request(app.callback()).post('/api/auth/login').send({ username: 'retired', password: 'retired-password' });

      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('locking out password guessing', () => {
    const login = (username: string, password: string, ip = '198.51.100.1') =>
      request(app.callback()).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

    it('refuses even the right password with 429 and Retry-After after five failures, for that user name from that address only', async () => {
      // given: an officer whose password someone guesses five times
      await createUserWithToken(fixture, { id: 'qian.feng', password: 'qian-feng-password' });
      for (let i = 0; i < 5; i++) expect((await login('qian.feng', `guess-${i}`)).status).toBe(401);

      // when
      const locked = await login('qian.feng', 'qian-feng-password');

      // then
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: expect.any(Number) } });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
      // the same officer from another address, and other officers, log in as usual
      expect((await login('qian.feng', 'qian-feng-password', '198.51.100.2')).status).toBe(200);
      expect((await login('zhao.lei', 'zhao-lei-password')).status).toBe(200);
    });

    it('clears the failures of a user name when it logs in', async () => {
      await createUserWithToken(fixture, { id: 'sun.li', password: 'sun-li-password' });
      for (let i = 0; i < 4; i++) expect((await login('sun.li', `guess-${i}`, '198.51.100.3')).status).toBe(401);
      expect((await login('sun.li', 'sun-li-password', '198.51.100.3')).status).toBe(200);

      for (let i = 0; i < 4; i++) expect((await login('sun.li', `again-${i}`, '198.51.100.3')).status).toBe(401);
      expect((await login('sun.li', 'sun-li-password', '198.51.100.3')).status).toBe(200);
    });

    it('locks an address that tries many user names', async () => {
      for (let i = 0; i < 50; i++) expect((await login(`nobody-${i}`, 'password', '198.51.100.9')).status).toBe(401);
      expect((await login('zhao.lei', 'zhao-lei-password', '198.51.100.9')).status).toBe(429);
    });
  });

  describe('GET /api/auth/me', () => {
    it('with a valid token returns the principal', async () => {
      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(user.token));

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toEqual({ userId: 'zhao.lei', groupIds: ['patrol'] });
    });

    it('without a token answers 401 UNAUTHENTICATED', async () => {
      const res = await request(app.callback()).get('/api/auth/me');

      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    });

    it('with Basic credentials instead of a token answers 401 UNAUTHENTICATED', async () => {
      const basic = `Basic ${Buffer.from('zhao.lei:zhao-lei-password').toString('base64')}`;

      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', basic);

      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('with an expired token answers 401 UNAUTHENTICATED', async () => {
      // given: a token signed nine hours ago with the 8 h lifetime
      const nineHoursAgo = Date.now() - 9 * 3600 * 1000;
      const past = new TokenService({ secret: TEST_JWT_SECRET, expiresInSeconds: 8 * 3600, clock: () => nineHoursAgo });
      const expired = past.sign(user.principal);

      // when
      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(expired));

      // then
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: 'Token has expired' });
    });

    it('with a token signed by another secret answers 401 UNAUTHENTICATED', async () => {
      const other = new TokenService({ secret: 'another-secret-another-secret-another-secret', expiresInSeconds: 3600 });

      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(other.sign(user.principal)));

      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: 'Token is invalid' });
    });

    it('with an unsigned token (alg none) answers 401 UNAUTHENTICATED', async () => {
      // given: a well-formed token claiming the admin group, without a signature
      const now = Math.floor(Date.now() / 1000);
      const unsigned = [
        base64url({ alg: 'none', typ: 'JWT' }),
        base64url({ sub: 'zhao.lei', groups: ['camunda-admin'], iss: TOKEN_ISSUER, iat: now, exp: now + 3600 }),
        '',
      ].join('.');

      // when
      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(unsigned));

      // then
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('with an HS256 token from another issuer answers 401 UNAUTHENTICATED', async () => {
      const foreign = jwt.sign({ groups: [] }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'someone-else', subject: 'zhao.lei', expiresIn: 60 });

      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(foreign));

      expect(res.status).toBe(401);
    });

    it('with a tampered payload answers 401 UNAUTHENTICATED', async () => {
      const [header, , signature] = user.token.split('.');
      const now = Math.floor(Date.now() / 1000);
      const tampered = [header, base64url({ sub: 'admin', groups: ['camunda-admin'], iss: TOKEN_ISSUER, iat: now, exp: now + 3600 }), signature].join('.');

      const res = await request(app.callback()).get('/api/auth/me').set('Authorization', bearer(tampered));

      expect(res.status).toBe(401);
    });
  });

  describe('GET /api/health', () => {
    it('answers without authentication', async () => {
      const res = await request(app.callback()).get('/api/health');

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toEqual({ status: 'ok' });
    });
  });

  describe('other /api paths', () => {
    it('require a token before anything else', async () => {
      const res = await request(app.callback()).get('/api/no-such-thing');

      expect(res.status).toBe(401);
    });

    it('answer 404 NOT_FOUND in JSON when authenticated but unknown', async () => {
      const res = await request(app.callback()).get('/api/no-such-thing').set('Authorization', bearer(user.token));

      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('answer 405 METHOD_NOT_ALLOWED for a known path with the wrong method', async () => {
      const res = await request(app.callback()).delete('/api/auth/me').set('Authorization', bearer(user.token));

      expect(res.status).toBe(405);
      expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    });

    it('echo a request id, or give one', async () => {
      const given = await request(app.callback()).get('/api/health').set('X-Request-Id', 'req-123');
      const made = await request(app.callback()).get('/api/health');

      expect(given.headers['x-request-id']).toBe('req-123');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

// helpers ////

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
