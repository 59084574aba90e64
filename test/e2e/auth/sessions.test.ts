import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

let server: LicensingServer;
let admin: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  admin = await server.officer('root-sessions', ['admin']);
});

afterAll(async () => {
  await server?.close();
});

const login = async (username: string, password: string): Promise<string> => {
  const res = await server.http.post('/api/auth/login').send({ username, password });
  expect(res.status).toBe(200);
  return res.body.token as string;
};
const me = (token: string) => server.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
const logout = (token: string, body?: object) => server.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).send(body);
const changePassword = (token: string, body: object) => server.http.put('/api/auth/password').set('Authorization', `Bearer ${token}`).send(body);
const entries = async (action: string, subjectId: string) => (await server.auth.audit.list({ action, subjectType: 'user', subjectId, limit: 20 })).items;

describe('sessions that end before their tokens expire', () => {
  it('a logout ends the session of its token only, on /api and on /engine-rest, and is recorded', async () => {
    // given: an officer signed in on two computers, and a manager who may use the engine's API
    const officer = await server.officer('case-logout', ['case-440100']);
    const office = await login(officer.id, officer.password);
    const home = await login(officer.id, officer.password);
    const manager = await server.officer('operator-logout', ['engine-operator']);
    const managerToken = await login(manager.id, manager.password);
    expect((await server.http.get('/engine-rest/process-definition').set('Authorization', `Bearer ${managerToken}`)).status).toBe(200);

    // when
    const out = await logout(office);
    const managerOut = await logout(managerToken, {});

    // then: the token is refused with a reason, the other computer's session goes on
    expect(out.status).toBe(204);
    expect(managerOut.status).toBe(204);
    const refused = await me(office).set('Accept-Language', 'zh-CN');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', message: '该会话已退出登录，请重新登录' });
    expect((await me(home)).status).toBe(200);
    expect((await server.http.get('/engine-rest/process-definition').set('Authorization', `Bearer ${managerToken}`)).status).toBe(401);
    expect((await logout(office)).status).toBe(401);
    expect(await entries('auth.logout', officer.id)).toEqual([expect.objectContaining({ actor: officer.id, subjectId: officer.id })]);
  });

  it('a logout everywhere ends every session of the account; a new login starts a new one', async () => {
    // given
    const officer = await server.officer('case-everywhere', ['case-440100']);
    const office = await login(officer.id, officer.password);
    const phone = await login(officer.id, officer.password);

    // when
    expect((await logout(phone, { everywhere: true })).status).toBe(204);

    // then
    for (const token of [office, phone, officer.token]) expect((await me(token)).status).toBe(401);
    expect((await me(await login(officer.id, officer.password))).status).toBe(200);
    expect(await entries('auth.logout-everywhere', officer.id)).toEqual([expect.objectContaining({ actor: officer.id })]);
  });

  it('refuses a logout body it does not understand, naming the field, and ends nothing', async () => {
    const officer = await server.officer('case-bad-logout', ['case-440100']);

    const res = await logout(officer.token, { everywhere: 'yes' });

    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'everywhere' })]);
    expect((await me(officer.token)).status).toBe(200);
  });

  it('a password change needs the current password, ends every other session and answers a new one', async () => {
    // given
    const company = await server.officer('company-password', ['applicant']);
    const other = await login(company.id, company.password);

    // when
    const changed = await changePassword(company.token, { currentPassword: company.password, newPassword: '新密码-足够长-2026' });

    // then
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ tokenType: 'Bearer', user: { id: company.id, groups: ['applicant'] } });
    expect((await me(changed.body.token as string)).status).toBe(200);
    for (const token of [company.token, other]) {
      const refused = await me(token);
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe("The account's password was changed or its sessions were ended; log in again");
    }
    expect((await server.http.post('/api/auth/login').send({ username: company.id, password: company.password })).status).toBe(401);
    expect((await me(await login(company.id, '新密码-足够长-2026'))).status).toBe(200);
    expect(await entries('user.password-change', company.id)).toEqual([expect.objectContaining({ actor: company.id })]);
  });

  it('refuses a wrong current password, a short or unchanged new one, naming the field, and changes nothing', async () => {
    const officer = await server.officer('case-bad-password', ['case-440100']);
    const attempts: Array<[object, string]> = [
      [{ currentPassword: 'not-the-password', newPassword: 'a-long-new-password' }, 'currentPassword'],
      [{ currentPassword: officer.password, newPassword: 'short' }, 'newPassword'],
      [{ currentPassword: officer.password, newPassword: officer.password }, 'newPassword'],
      [{ newPassword: 'a-long-new-password' }, 'currentPassword'],
    ];

    for (const [body, field] of attempts) {
      const res = await changePassword(officer.token, body);
      expect(res.status).toBe(400);
      expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual([field]);
    }

    expect((await me(officer.token)).status).toBe(200);
    expect((await server.http.post('/api/auth/login').send({ username: officer.id, password: officer.password })).status).toBe(200);
    expect(await entries('user.password-change', officer.id)).toEqual([]);
  });

  it('counts wrong current passwords as failed logins: guessing is locked out', async () => {
    const officer = await server.officer('case-guessing', ['case-440100']);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await changePassword(officer.token, { currentPassword: `guess-${i}`, newPassword: 'a-long-new-password' })).status);

    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses.at(-1)).toBe(429);
    // the right password is locked out too until the lock ends
    expect((await changePassword(officer.token, { currentPassword: officer.password, newPassword: 'a-long-new-password' })).status).toBe(429);
  });

  it('an administrator\'s password reset ends the sessions of the account', async () => {
    const officer = await server.officer('case-reset', ['case-440100']);

    const reset = await server.http.put(`/api/admin/users/${officer.id}/password`).set('Authorization', `Bearer ${admin.token}`).send({ password: '管理员重置的密码-2026' });

    expect(reset.status).toBe(204);
    expect((await me(officer.token)).status).toBe(401);
    expect((await me(await login(officer.id, '管理员重置的密码-2026'))).status).toBe(200);
  });
});

describe('a password an administrator chose', () => {
  const asAdmin = (method: 'post' | 'put', path: string, body: object) => server.http[method](`/api/admin${path}`).set('Authorization', `Bearer ${admin.token}`).send(body);

  it('must be changed at the first login before anything else, on /api and on /engine-rest', async () => {
    // given: an administrator creates an engine operator (the default: the password is to be changed)
    expect((await asAdmin('post', '/users', { id: 'operator-first', name: '运维民警', password: '管理员设定的初始密码', groups: ['engine-operator'] })).status).toBe(201);

    // when: the operator logs in
    const first = await server.http.post('/api/auth/login').send({ username: 'operator-first', password: '管理员设定的初始密码' });

    // then: told so, and refused everything but changing it, saying who it is and logging out
    expect(first.status).toBe(200);
    expect(first.body.passwordChangeRequired).toBe(true);
    const adminView = async () => (await server.http.get('/api/admin/users/operator-first').set('Authorization', `Bearer ${admin.token}`)).body as { passwordChangeRequired: boolean };
    expect((await adminView()).passwordChangeRequired).toBe(true);
    const token = first.body.token as string;
    const refused = await server.http.get('/api/incidents').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'zh-CN');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '当前密码由管理员设置，请先修改密码' });
    expect((await me(token)).status).toBe(200);
    expect((await server.http.get('/engine-rest/process-definition').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    const basic = `Basic ${Buffer.from('operator-first:管理员设定的初始密码').toString('base64')}`;
    expect((await server.http.get('/engine-rest/process-definition').set('Authorization', basic)).status).toBe(403);

    // when: the operator changes it
    const changed = await changePassword(token, { currentPassword: '管理员设定的初始密码', newPassword: '运维民警自己的密码2026' });

    // then: free to work
    expect(changed.status).toBe(200);
    expect(changed.body.passwordChangeRequired).toBe(false);
    expect((await server.http.get('/api/incidents').set('Authorization', `Bearer ${changed.body.token as string}`)).status).toBe(200);
    expect((await server.http.get('/engine-rest/process-definition').set('Authorization', `Bearer ${changed.body.token as string}`)).status).toBe(200);
    expect((await server.http.post('/api/auth/login').send({ username: 'operator-first', password: '运维民警自己的密码2026' })).body.passwordChangeRequired).toBe(false);
    expect((await adminView()).passwordChangeRequired).toBe(false);
  });

  it('need not be changed when the administrator says so, and must be again after a reset', async () => {
    expect((await asAdmin('post', '/users', { id: 'case-chosen', name: '办案民警', password: '由脚本设定的密码2026', passwordChangeRequired: false, groups: ['case-440100'] })).status).toBe(201);
    const login1 = await server.http.post('/api/auth/login').send({ username: 'case-chosen', password: '由脚本设定的密码2026' });
    expect(login1.body.passwordChangeRequired).toBe(false);
    expect((await server.http.get('/api/workbench/todo').set('Authorization', `Bearer ${login1.body.token as string}`)).status).toBe(200);

    expect((await asAdmin('put', '/users/case-chosen/password', { password: '管理员重置的密码2026' })).status).toBe(204);

    const login2 = await server.http.post('/api/auth/login').send({ username: 'case-chosen', password: '管理员重置的密码2026' });
    expect(login2.body.passwordChangeRequired).toBe(true);
    expect((await server.http.get('/api/workbench/todo').set('Authorization', `Bearer ${login2.body.token as string}`)).status).toBe(403);
    expect(await entries('user.password-set', 'case-chosen')).toEqual([expect.objectContaining({ actor: admin.id, details: { passwordChangeRequired: true } })]);
  });

  it('refuses a flag that is not true or false, naming it, and creates nothing', async () => {
    const res = await asAdmin('post', '/users', { id: 'case-flag', name: '办案民警', password: '足够长的初始密码2026', passwordChangeRequired: 'yes', groups: [] });

    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'passwordChangeRequired' })]);
    expect(await server.auth.identity.getUser('case-flag')).toBeNull();
  });
});
