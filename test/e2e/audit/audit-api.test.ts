import { AuditLog, type AuditEntry } from '../../../src/audit/index.js';
import { basicAuth, bearer, createUserWithToken, type TestUser } from '../../helpers/auth.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../helpers/engine-server.js';

// the app with the embedded engine, listening; user `demo` is an administrator (groups admin, reviewers)
let server: EngineServer;
let auditor: TestUser;
let officer: TestUser;

beforeAll(async () => {
  server = await startEngineServer();
  auditor = await createUserWithToken(server.auth, { id: 'auditor-1', name: '审计员甲', groups: ['auditor'] });
  officer = await createUserWithToken(server.auth, { id: 'officer-1', name: '民警乙', groups: ['station-440106'] });
});

afterAll(async () => {
  await server?.close();
});

const audit = (user: { token: string }, query: Record<string, string | number> = {}) =>
  server.http.get('/api/admin/audit').query(query).set('Authorization', bearer(user.token));
const verify = (user: { token: string }) => server.http.get('/api/admin/audit/verify').set('Authorization', bearer(user.token));
const admin = () => ({ token: server.token });
const newest = async (query: Record<string, string | number>): Promise<AuditEntry & { at: string }> => {
  const res = await audit(admin(), { ...query, limit: 1 });
  expect(res.status).toBe(200);
  return res.body.items[0];
};

describe('the audit log through HTTP', () => {
  describe('what it records', () => {
    it('a login, with the request id and the caller address', async () => {
      // when
      const res = await server.http.post('/api/auth/login').set('X-Request-Id', 'login-req-1').send({ username: 'auditor-1', password: auditor.password });

      // then
      expect(res.status).toBe(200);
      expect(await newest({ action: 'auth.login' })).toMatchObject({
        actor: 'auditor-1', action: 'auth.login', subjectType: 'user', subjectId: 'auditor-1', requestId: 'login-req-1', ip: expect.stringMatching(/127\.0\.0\.1/),
      });
    });

    it('a failed login with the attempted user name and without an actor, never the password', async () => {
      // when
      const res = await server.http.post('/api/auth/login').send({ username: 'auditor-1', password: 'wrong-password-guess' });
      const unknown = await server.http.post('/api/auth/login').send({ username: 'no.such.user', password: 'another-guess' });

      // then
      expect(res.status).toBe(401);
      expect(unknown.status).toBe(401);
      const failed = await audit(admin(), { action: 'auth.login-failed', limit: 2 });
      expect(failed.body.items.map((e: AuditEntry) => [e.actor, e.details])).toEqual([
        [null, { username: 'no.such.user' }],
        [null, { username: 'auditor-1' }],
      ]);
      const leaked = await server.db.dataSource.query<unknown[]>("SELECT sequence FROM audit_entry WHERE details LIKE '%guess%'");
      expect(leaked).toHaveLength(0);
    });

    it('the user, the missing group and the memberships an administrator creates, as done by that administrator', async () => {
      // when
      const res = await server.http.post('/api/admin/users').set('Authorization', bearer(server.token))
        .send({ id: 'wang.fang', name: '王芳', password: 'wang-fang-password', groups: ['auditor', 'leader-440100'] });

      // then
      expect(res.status).toBe(201);
      const entries = (await audit(admin(), { actor: 'demo', order: 'asc', limit: 200 })).body.items as AuditEntry[];
      expect(entries.filter((e) => e.action !== 'auth.login').map((e) => [e.action, e.subjectId, e.details])).toEqual(
        expect.arrayContaining([
          ['group.create', 'leader-440100', { name: 'leader-440100', type: null }],
          ['user.create', 'wang.fang', { name: '王芳', passwordChangeRequired: true }],
          ['membership.add', 'wang.fang', { group: 'auditor' }],
          ['membership.add', 'wang.fang', { group: 'leader-440100' }],
        ]),
      );
      const passwords = await server.db.dataSource.query<unknown[]>("SELECT sequence FROM audit_entry WHERE details LIKE '%wang-fang-password%'");
      expect(passwords).toHaveLength(0);
    });

    it('a deployment created and deleted through /engine-rest, as done by the engine user', async () => {
      // given
      const xml = bpmnProcess('audited-process', '<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />');

      // when
      const created = await server.post('/deployment/create').field('deployment-name', 'audit-e2e').attach('model', Buffer.from(xml), 'audited-process.bpmn');
      const deleted = await server.del(`/deployment/${created.body.id}`).query({ cascade: true });

      // then
      expect(created.status).toBe(200);
      expect(deleted.status).toBe(204);
      const entries = (await audit(admin(), { subjectType: 'deployment', subjectId: created.body.id, order: 'asc' })).body.items as AuditEntry[];
      expect(entries.map((e) => [e.actor, e.action, e.details])).toEqual([
        ['demo', 'deployment.create', { name: 'audit-e2e', processDefinitions: ['audited-process:1'], source: null, tenantId: null }],
        ['demo', 'deployment.delete', { cascade: true }],
      ]);
    });

    it('operations on user tasks and changes to running instances through /engine-rest, whichever client made them', async () => {
      // given an instance waiting in a user task
      const xml = bpmnProcess('audited-task', '<bpmn:startEvent id="s" /><bpmn:userTask id="t" /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />');
      await server.post('/deployment/create').field('deployment-name', 'audit-task-e2e').attach('model', Buffer.from(xml), 'audited-task.bpmn').expect(200);
      const first = (await server.post('/process-definition/key/audited-task/start').send({}).expect(200)).body.id as string;
      const second = (await server.post('/process-definition/key/audited-task/start').send({}).expect(200)).body.id as string;
      const task = (await server.get(`/task?processInstanceId=${first}`).expect(200)).body[0] as { id: string };

      // when
      await server.post(`/task/${task.id}/claim`).send({ userId: 'demo' }).expect(204);
      await server.post(`/task/${task.id}/complete`).send({}).expect(204);
      await server.post(`/task/${task.id}/claim`).send({ userId: 'demo' }).expect(500); // Camunda 7: a task that no longer exists
      await server.del(`/process-instance/${second}`).expect(204);

      // then: what succeeded is recorded, what failed is not
      const onTask = (await audit(admin(), { subjectType: 'task', subjectId: task.id, order: 'asc' })).body.items as AuditEntry[];
      expect(onTask.map((e) => [e.actor, e.action])).toEqual([['demo', 'engine-rest.task.claim'], ['demo', 'engine-rest.task.complete']]);
      expect(await newest({ subjectId: second })).toMatchObject({ actor: 'demo', action: 'engine-rest.process-instance.delete', subjectType: 'process-instance' });
      expect(await newest({ subjectId: first, action: 'engine-rest.process-instance.start' })).toMatchObject({ actor: 'demo', subjectType: 'process-instance' });
    });

    it('changes to who may work on a task, to variables, to suspension and to retries through /engine-rest', async () => {
      // given
      const third = (await server.post('/process-definition/key/audited-task/start').send({}).expect(200)).body.id as string;
      const task = (await server.get(`/task?processInstanceId=${third}`).expect(200)).body[0] as { id: string };

      // when
      await server.post(`/task/${task.id}/identity-links`).send({ groupId: 'case-440300', type: 'candidate' }).expect(204);
      await server.post(`/task/${task.id}/identity-links/delete`).send({ groupId: 'case-440300', type: 'candidate' }).expect(204);
      await server.put(`/task/${task.id}/variables/opinion`).send({ value: '同意', type: 'String' }).expect(204);
      await server.put(`/process-instance/${third}/variables/fineAmount`).send({ value: 1, type: 'Integer' }).expect(204);
      await server.put('/process-definition/key/audited-task/suspended').send({ suspended: true, includeProcessInstances: false }).expect(204);
      await server.put('/process-definition/key/audited-task/suspended').send({ suspended: false, includeProcessInstances: false }).expect(204);
      await server.put('/process-instance/suspended').send({ processDefinitionKey: 'audited-task', suspended: true }).expect(204);

      // then
      const onTask = (await audit(admin(), { subjectType: 'task', subjectId: task.id, order: 'asc' })).body.items as AuditEntry[];
      expect(onTask.map((e) => [e.actor, e.action, e.details])).toEqual([
        ['demo', 'engine-rest.task.identity-link-add', {}], ['demo', 'engine-rest.task.identity-link-delete', {}], ['demo', 'engine-rest.task.variables', { variable: 'opinion' }],
      ]);
      expect(await newest({ subjectId: third, action: 'engine-rest.process-instance.variables' })).toMatchObject({ actor: 'demo', details: { variable: 'fineAmount' } });
      const definition = (await audit(admin(), { subjectType: 'process-definition', subjectId: 'key/audited-task' })).body.items as AuditEntry[];
      expect(definition.map((e) => e.action)).toEqual(['engine-rest.process-definition.suspended', 'engine-rest.process-definition.suspended']);
      expect(await newest({ action: 'engine-rest.process-instance.suspended-many' })).toMatchObject({ actor: 'demo', subjectId: null });
    });

    it('refused Basic credentials on /engine-rest as a failed login', async () => {
      // when
      const res = await server.http.get('/engine-rest/task').set('Authorization', basicAuth('demo', 'not-the-password'));

      // then
      expect(res.status).toBe(401);
      expect(await newest({ action: 'auth.login-failed' })).toMatchObject({ actor: null, details: { username: 'demo', via: 'engine-rest' } });
    });
  });

  describe('GET /api/admin/audit', () => {
    it('lists entries newest first with the number of all matches, a page at a time', async () => {
      // when
      const first = await audit(auditor, { limit: 2 });
      const second = await audit(auditor, { limit: 2, offset: 2 });

      // then
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ offset: 0, limit: 2, total: expect.any(Number) });
      expect(first.body.total).toBeGreaterThan(4);
      const sequences: number[] = [...first.body.items, ...second.body.items].map((e: AuditEntry) => e.sequence);
      const top = first.body.total as number;
      expect(sequences).toEqual([top, top - 1, top - 2, top - 3]);
      const item = first.body.items[0];
      expect(Object.keys(item).sort()).toEqual(['action', 'actor', 'algorithm', 'at', 'details', 'hash', 'ip', 'previousHash', 'requestId', 'sequence', 'subjectId', 'subjectType']);
      expect(item).toMatchObject({
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), details: expect.any(Object), previousHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/), algorithm: expect.stringMatching(/^(sm3|sha256)$/),
      });
    });

    it('filters by actor, action prefix, subject and time', async () => {
      // given
      const since = new Date(Date.now() - 60_000).toISOString();

      // when
      const res = await audit(auditor, { actor: 'auditor-1', action: 'auth', subjectType: 'user', subjectId: 'auditor-1', from: since, to: new Date(Date.now() + 1000).toISOString() });

      // then
      expect(res.status).toBe(200);
      expect(res.body.total).toBeGreaterThanOrEqual(1);
      expect(res.body.items.every((e: AuditEntry) => e.actor === 'auditor-1' && e.action.startsWith('auth.') && e.subjectId === 'auditor-1')).toBe(true);
    });

    it.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ from: 'yesterday' }, 'from'],
      [{ action: 'auth.%' }, 'action'],
      [{ from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' }, 'to'],
      [{ colour: 'red' }, 'colour'],
    ])('refuses the query %j with 400 naming the field', async (query, field) => {
      const res = await audit(auditor, query);

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(field);
    });

    it('is closed to everyone but administrators and auditors', async () => {
      expect((await audit(officer)).status).toBe(403);
      expect((await audit(officer)).body.code).toBe('FORBIDDEN');
      expect((await verify(officer)).status).toBe(403);
      expect((await server.http.get('/api/admin/audit')).status).toBe(401);
    });
  });

  describe('GET /api/admin/audit/verify', () => {
    it('finds the chain intact after the series of actions above', async () => {
      const res = await verify(auditor);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, checked: expect.any(Number), headSequence: res.body.checked });
      expect(res.body.checked).toBeGreaterThan(10);
    });

    it('names the first broken entry when a row is tampered with, as the service does, and is intact again once it is restored', async () => {
      // given
      const service = new AuditLog(server.db.dataSource);
      const ds = server.db.dataSource;
      const target = 5;
      const [original] = await ds.query<Array<Record<string, unknown>>>(`SELECT * FROM audit_entry WHERE sequence = ${target}`);
      expect(original).toBeDefined();
      const brokenAt = async (reason: string) => {
        const res = await verify(admin());
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ ok: false, checked: target - 1, firstBroken: { sequence: target, reason, message: expect.any(String) } });
        await expect(service.verify()).resolves.toEqual(res.body);
      };

      // when the details are changed
      await ds.query(`UPDATE audit_entry SET details = '{"name":"篡改"}' WHERE sequence = ${target}`);
      // then
      await brokenAt('hash-mismatch');
      await ds.query(`UPDATE audit_entry SET details = ? WHERE sequence = ${target}`, [original!['details']]);
      expect((await verify(admin())).body.ok).toBe(true);

      // when the entry is deleted
      await ds.query(`DELETE FROM audit_entry WHERE sequence = ${target}`);
      // then
      await brokenAt('sequence-gap');
      const columns = Object.keys(original!);
      await ds.query(`INSERT INTO audit_entry (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => original![c]));
      expect((await verify(admin())).body.ok).toBe(true);

      // when the hash is changed
      await ds.query(`UPDATE audit_entry SET hash = '${'0'.repeat(63)}1' WHERE sequence = ${target}`);
      // then
      await brokenAt('hash-mismatch');
      await ds.query(`UPDATE audit_entry SET hash = ? WHERE sequence = ${target}`, [original!['hash']]);
      expect((await verify(admin())).body).toMatchObject({ ok: true });
    });
  });
});
