import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

let server: LicensingServer;
let admin: TestUser;
let officer: TestUser;
let haizhu: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  admin = await server.officer('root-gz', ['admin']);
  officer = await server.officer('case-tianhe', ['case-440106']);
  haizhu = await server.officer('case-haizhu', ['case-440105']);
});

afterAll(async () => {
  await server?.close();
});

const as = (user: TestUser) => ({
  get: (path: string, query: Record<string, string> = {}) => server.http.get(`/api/admin/users${path}`).query(query).set('Authorization', `Bearer ${user.token}`),
  patch: (path: string, body: unknown) => server.http.patch(`/api/admin/users${path}`).set('Authorization', `Bearer ${user.token}`).send(body as object),
  put: (path: string, body: unknown) => server.http.put(`/api/admin/users${path}`).set('Authorization', `Bearer ${user.token}`).send(body as object),
});
const login = (username: string, password: string) => server.http.post('/api/auth/login').send({ username, password });

describe('user administration for administrators', () => {
  it('finds users by part of the id or name, by group and by state, with their groups and the roles those give', async () => {
    const byName = await as(admin).get('', { q: 'tianhe' });
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ total: 1, items: [{ id: 'case-tianhe', disabled: false, groups: ['case-440106'], roles: [{ role: 'case-officer', scope: '440106', group: 'case-440106' }] }] });
    expect((await as(admin).get('', { group: 'case-440105' })).body.items.map((u: { id: string }) => u.id)).toEqual(['case-haizhu']);
    expect((await as(admin).get('/case-tianhe')).body).toMatchObject({ id: 'case-tianhe', groups: ['case-440106'] });
    expect((await as(admin).get('/nobody')).status).toBe(404);
  });

  it('moves an officer to another unit by replacing its groups, in one audited change', async () => {
    // when
    const moved = await as(admin).patch('/case-tianhe', { name: '天河办案民警', groups: ['case-440105', 'legal-440105'] });

    // then
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: '天河办案民警', groups: ['case-440105', 'legal-440105'], roles: expect.arrayContaining([expect.objectContaining({ role: 'legal-officer', scope: '440105' })]) });
    expect(await server.auth.identity.groupIdsOf('case-tianhe')).toEqual(['case-440105', 'legal-440105']);
    const entries = (await server.auth.audit.list({ subjectType: 'user', subjectId: 'case-tianhe', order: 'desc', limit: 4 })).items.reverse();
    expect(entries.map((e) => [e.actor, e.action, e.details])).toEqual([
      ['root-gz', 'user.rename', { from: '警官case-tianhe', to: '天河办案民警' }],
      ['root-gz', 'membership.remove', { group: 'case-440106' }],
      ['root-gz', 'membership.add', { group: 'case-440105' }],
      ['root-gz', 'membership.add', { group: 'legal-440105' }],
    ]);
    // the officer's old token no longer works: its roles and jurisdiction changed; a new login carries the new ones
    const stale = await server.http.get('/api/auth/me').set('Authorization', `Bearer ${officer.token}`);
    expect(stale.status).toBe(401);
    expect(stale.body.message).toBe("The account's groups have changed since this token was issued; log in again");
    const fresh = await login('case-tianhe', officer.password);
    expect((await server.http.get('/api/auth/me').set('Authorization', `Bearer ${fresh.body.token as string}`)).body).toEqual({ userId: 'case-tianhe', groupIds: ['case-440105', 'legal-440105'] });
  });

  it('disables an account, which can then no longer log in, resets a password, and enables it again', async () => {
    expect((await as(admin).patch('/case-haizhu', { disabled: true })).body).toMatchObject({ disabled: true });
    expect((await as(admin).put('/case-haizhu/password', { password: 'a-new-password-1' })).status).toBe(204);
    expect((await login('case-haizhu', 'a-new-password-1')).status).toBe(401);
    const refused = await server.http.get('/api/workbench/todo').set('Authorization', `Bearer ${haizhu.token}`);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('The account is disabled or no longer exists');
    expect((await as(admin).patch('/case-haizhu', { disabled: false })).body).toMatchObject({ disabled: false });
    const again = await login('case-haizhu', 'a-new-password-1');
    expect(again.status).toBe(200);
    // enabled again, the token from before the reset stays refused: the reset ended the account's sessions
    const stale = await server.http.get('/api/workbench/todo').set('Authorization', `Bearer ${haizhu.token}`);
    expect(stale.status).toBe(401);
    expect(stale.body.message).toBe("The account's password was changed or its sessions were ended; log in again");
    haizhu = { ...haizhu, password: 'a-new-password-1', token: again.body.token as string };
  });

  it('refuses bad input naming the field, and an administrator locking itself out, changing nothing', async () => {
    const bad = await as(admin).patch('/case-haizhu', { groups: ['has space'], disabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['disabled', 'groups.0']);
    expect((await as(admin).put('/case-haizhu/password', { password: 'short' })).status).toBe(400);
    expect((await as(admin).patch('/root-gz', { disabled: true })).status).toBe(409);
    expect((await as(admin).patch('/root-gz', { groups: ['case-440106'] })).status).toBe(409);
    expect(await server.auth.identity.groupIdsOf('root-gz')).toEqual(['admin']);
    expect((await as(haizhu).get('')).status).toBe(403);
  });

  it('keeps the workers\' technical account working: it cannot be disabled, given a password or taken out of its group', async () => {
    for (const attempt of [
      as(admin).patch('/worker', { disabled: true }),
      as(admin).patch('/worker', { groups: ['case-440106'] }),
      as(admin).put('/worker/password', { password: 'a-password-for-the-worker' }),
    ]) {
      const refused = await attempt;
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('technical account');
    }
    const worker = await as(admin).get('/worker');
    expect(worker.body).toMatchObject({ disabled: false, groups: ['worker'] });
    expect((await login('worker', 'a-password-for-the-worker')).status).toBe(401);
    // its name may change
    expect((await as(admin).patch('/worker', { name: '自动任务执行账号' })).status).toBe(200);
  });
});

describe('groups for administrators', () => {
  const groups = (user: TestUser, query: Record<string, string> = {}) => server.http.get('/api/admin/groups').query(query).set('Authorization', `Bearer ${user.token}`);

  it('lists the groups by id with how many users each has and the roles it gives', async () => {
    // given a second member of the Haizhu case group
    await server.officer('case-haizhu-2', ['case-440105']);

    // when
    const res = await groups(admin, { q: 'case-4401' });

    // then
    expect(res.status).toBe(200);
    const byId = new Map((res.body.items as Array<{ id: string }>).map((g) => [g.id, g]));
    expect(byId.get('case-440105')).toMatchObject({ members: await memberCount('case-440105'), roles: [{ role: 'case-officer', scope: '440105' }] });
    expect(await memberCount('case-440105')).toBeGreaterThanOrEqual(2);
    expect(res.body.total).toBe(res.body.items.length);
    const admins = await groups(admin, { q: 'admin' });
    expect(admins.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'admin', roles: [{ role: 'administrator', scope: '*' }] })]));
  });

  it('pages the groups and refuses a bad page, and everyone but administrators', async () => {
    const first = await groups(admin, { limit: '1' });
    expect(first.body).toMatchObject({ offset: 0, limit: 1, items: [expect.objectContaining({ id: expect.any(String) })] });
    expect(first.body.total).toBeGreaterThan(1);
    const second = await groups(admin, { limit: '1', offset: '1' });
    expect(second.body.items[0].id > first.body.items[0].id).toBe(true);
    const bad = await groups(admin, { limit: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
    expect((await groups(officer)).status).toBe(401); // its groups were changed above: the old token is refused
    expect((await groups(haizhu)).status).toBe(403);
  });
});

/** How many users belong to `group`, as the user list counts them. */
async function memberCount(group: string): Promise<number> {
  return (await server.auth.identity.listUsers({ group, offset: 0, limit: 1 })).total;
}
