import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { PDF, draftWithDocuments, permitApplicationData, readApplication, registerApplicant, residentId, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let applicant: Applicant;
let other: Applicant;
let reviewer: TestUser;
let outsider: TestUser;
let admin: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-03-11T01:00:00Z'), licensing: { uploadMaxBytes: 4096 } });
  applicant = await registerApplicant(server, 'bad-input');
  other = await registerApplicant(server, 'someone-else');
  reviewer = await server.officer('reviewer-gz', ['permit-reviewer-440100']);
  outsider = await server.officer('reviewer-sz', ['permit-reviewer-440300']);
  admin = await server.officer('root', ['admin']);
});

afterAll(async () => {
  await server?.close();
});

const auth = (t: { token: string }) => ['Authorization', `Bearer ${t.token}`] as const;
const paths = (res: { body: { details?: { issues?: Array<{ path: string }> } } }) => (res.body.details?.issues ?? []).map((i) => i.path);

describe('bad input is refused with a 4xx naming what is wrong, and changes nothing', () => {
  describe('POST /api/public/applicant-accounts', () => {
    it('names each missing or malformed field and creates no account', async () => {
      const res = await server.http.post('/api/public/applicant-accounts').send({ organisation: { kind: 'applicant-company', name: 'X', regionCode: '44', contactPhone: 'abc' }, user: { username: 'bad one', name: '', password: 'short' } });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(expect.arrayContaining(['organisation.name', 'organisation.regionCode', 'organisation.contactPhone', 'user.username', 'user.name', 'user.password']));
    });

    it('refuses a credit code with a wrong check character and a region outside the province', async () => {
      const base = { kind: 'security-company', name: '某某保安服务有限公司', regionCode: '440106', contactPhone: '020-12345678' };
      const user = { username: 'checksum', name: '某', password: 'long-enough-password' };
      expect(paths(await server.http.post('/api/public/applicant-accounts').send({ organisation: { ...base, creditCode: '91440101MA5CXXXX01' }, user }))).toEqual(['organisation.creditCode']);
      expect(paths(await server.http.post('/api/public/applicant-accounts').send({ organisation: { ...base, regionCode: '110105' }, user }))).toEqual(['organisation.regionCode']);
      expect((await server.http.post('/api/auth/login').send({ username: 'checksum', password: 'long-enough-password' })).status).toBe(401);
    });

    it('answers 409 for a taken user name', async () => {
      const res = await server.http.post('/api/public/applicant-accounts').send({
        organisation: { kind: 'applicant-company', name: '重复公司', regionCode: '440106', contactPhone: '020-12345678' }, user: { username: 'bad-input', name: '某', password: 'long-enough-password' },
      });
      expect(res.status).toBe(409);
    });
  });

  describe('applications', () => {
    it('needs a token, an applicant account and a known procedure', async () => {
      expect((await server.http.post('/api/applications').send({ procedure: 'security-company-permit' })).status).toBe(401);
      expect((await server.http.post('/api/applications').set(...auth(reviewer)).send({ procedure: 'security-company-permit' })).status).toBe(403);
      const res = await server.http.post('/api/applications').set(...auth(applicant)).send({ procedure: 'fishing-licence' });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['procedure']);
    });

    it('keeps applicant and officer accounts out of the engine REST API: they work through /api', async () => {
      for (const user of [applicant, reviewer]) {
        const res = await server.http.get('/engine-rest/task').set(...auth(user));
        expect(res.status).toBe(403);
        expect(res.body.type).toBe('AuthorizationException');
      }
      expect((await server.http.get('/engine-rest/task').set('Authorization', server.engineAuthorization())).status).toBe(200);
    });

    it('hides another organisation’s application', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      expect((await server.http.get(`/api/applications/${id}`).set(...auth(other))).status).toBe(404);
      expect((await server.http.put(`/api/applications/${id}/data`).set(...auth(other)).send({ data: {} })).status).toBe(404);
      expect((await server.http.get('/api/applications/not-a-uuid').set(...auth(applicant))).status).toBe(400);
    });

    it('refuses a stale version of the data', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      const app = await readApplication(server, applicant.token, id);
      expect((await server.http.put(`/api/applications/${id}/data`).set(...auth(applicant)).send({ data: permitApplicationData(), version: app['version'] })).status).toBe(200);
      expect((await server.http.put(`/api/applications/${id}/data`).set(...auth(applicant)).send({ data: {}, version: app['version'] })).status).toBe(409);
      expect((await readApplication(server, applicant.token, id))['data']['companyName']).toBe('广州平安保安服务有限公司');
    });

    it('refuses uploads that are not multipart, of an unknown checklist item, of another type, or too large', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData(), ['premises-proof']);
      expect((await server.http.post(`/api/applications/${id}/documents`).set(...auth(applicant)).send({ kind: 'premises-proof' })).status).toBe(415);
      const unknown = await server.http.post(`/api/applications/${id}/documents`).set(...auth(applicant)).field('kind', 'cv-of-the-cat').attach('file', PDF, 'x.pdf');
      expect(unknown.status).toBe(400);
      expect(paths(unknown)).toEqual(['kind']);
      const text = await server.http.post(`/api/applications/${id}/documents`).set(...auth(applicant)).field('kind', 'premises-proof').attach('file', Buffer.from('just text'), { filename: 'x.pdf', contentType: 'application/pdf' });
      expect(text.status).toBe(400);
      expect(paths(text)).toEqual(['file']);
      const big = await server.http.post(`/api/applications/${id}/documents`).set(...auth(applicant)).field('kind', 'premises-proof').attach('file', Buffer.concat([PDF, Buffer.alloc(5000)]), 'big.pdf');
      expect(big.status).toBe(413);
      const app = await readApplication(server, applicant.token, id);
      expect(app['checklist'].find((i: { kind: string }) => i.kind === 'premises-proof').supplied).toBe(false);
    });

    it('refuses to submit incomplete or invalid data, naming each field, and leaves the draft as it was', async () => {
      const good = residentId('44010619850202234');
      const wrongCheck = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData({
        companyName: undefined, managers: [{ role: 'general-manager', name: '李娜', residentId: wrongCheck, yearsOfExperience: 8 }],
      }));
      const res = await server.http.post(`/api/applications/${id}/submit`).set(...auth(applicant));
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(expect.arrayContaining(['companyName', 'managers.0.residentId']));
      const app = await readApplication(server, applicant.token, id);
      expect(app).toMatchObject({ status: 'draft', number: null, processInstanceId: null });
    });

    it('refuses armed escort with less than 10 million yuan of capital', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData({ armedEscort: true, registeredCapital: 500 }));
      const res = await server.http.post(`/api/applications/${id}/submit`).set(...auth(applicant));
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['registeredCapital']);
    });

    it('refuses a correction nobody asked for', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      expect((await server.http.post(`/api/applications/${id}/correction`).set(...auth(applicant)).send({ note: '补正' })).status).toBe(409);
    });
  });

  describe('the remaining applicant and officer endpoints', () => {
    it('refuses a malformed credit code for business registration, and registration of an application that is no granted permit', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      const bad = await server.http.post(`/api/applications/${id}/business-registration`).set(...auth(applicant)).send({ creditCode: 'ABC' });
      expect(bad.status).toBe(400);
      expect(paths(bad)).toEqual(['creditCode']);
      expect((await server.http.post(`/api/applications/${id}/business-registration`).set(...auth(applicant)).send({ creditCode: '91350100M000100Y43' })).status).toBe(409);
    });

    it('refuses to delete a document of another application or of a submitted one', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      const app = await readApplication(server, applicant.token, id);
      const docId = app['documents'][0].id as string;
      expect((await server.http.delete(`/api/applications/${id}/documents/${docId}`).set(...auth(other))).status).toBe(404);
      expect((await server.http.post(`/api/applications/${id}/submit`).set(...auth(applicant))).status).toBe(200);
      expect((await server.http.delete(`/api/applications/${id}/documents/${docId}`).set(...auth(applicant))).status).toBe(409);
      expect((await readApplication(server, applicant.token, id))['documents']).toHaveLength(app['documents'].length);
    });

    it('keeps another user’s notifications out of reach', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      const submitted = await server.http.post(`/api/applications/${id}/submit`).set(...auth(applicant));
      const taskId = await server.waitForTask(submitted.body.processInstanceId, 'Task_AcceptanceCheck');
      expect((await server.http.post(`/api/tasks/${taskId}/complete`).set(...auth(reviewer)).send({ values: { acceptanceDecision: 'accept', acceptanceReason: '齐全' } })).status).toBe(200);
      const notification = await server.waitFor(async () => (await server.http.get('/api/inbox').set(...auth(applicant))).body.items[0]?.id as string | undefined, 'a notification');
      expect((await server.http.post(`/api/inbox/${notification}/read`).set(...auth(other))).status).toBe(404);
      expect((await server.http.post(`/api/inbox/${notification}/read`).set(...auth(applicant))).status).toBe(204);
      expect((await server.http.post('/api/inbox/00000000-0000-4000-8000-000000000000/read').set(...auth(applicant))).status).toBe(404);
      expect((await server.http.get('/api/inbox').query({ limit: 0 }).set(...auth(applicant))).status).toBe(400);
    });

    it('lets only officers look up certificates, and only the city’s guard reviewers propose a revocation', async () => {
      expect((await server.http.get('/api/guard-certificates').query({ residentId: residentId('44010619950808123') }).set(...auth(applicant))).status).toBe(403);
      const badId = await server.http.get('/api/guard-certificates').query({ residentId: '123' }).set(...auth(reviewer));
      expect(badId.status).toBe(400);
      expect(paths(badId)).toEqual(['residentId']);
      expect((await server.http.post('/api/guard-certificates/00000000-0000-4000-8000-000000000000/revocation').set(...auth(reviewer)).send({ values: {} })).status).toBe(404);
    });

    it('lets only administrators create officers, and names bad fields', async () => {
      expect((await server.http.post('/api/admin/users').set(...auth(reviewer)).send({ id: 'x', name: 'x', password: 'long-enough-pw', groups: [] })).status).toBe(403);
      const bad = await server.http.post('/api/admin/users').set(...auth(admin)).send({ id: 'has space', name: '', password: 'short', groups: ['bad group'] });
      expect(bad.status).toBe(400);
      expect(paths(bad)).toEqual(expect.arrayContaining(['id', 'name', 'password', 'groups.0']));
      expect((await server.http.post('/api/admin/users').set(...auth(admin)).send({ id: 'reviewer-gz', name: '重复', password: 'long-enough-pw', groups: [] })).status).toBe(409);
    });

    it('refuses a register entry with a bad resident ID or a date in the future', async () => {
      const res = await server.http.post('/api/records').set(...auth(admin)).send({ residentId: '123', name: '某', recordType: 'administrative-detention', occurredOn: '2030-01-01', source: '测试' });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(expect.arrayContaining(['residentId', 'occurredOn']));
    });
  });

  describe('POST /api/tasks/:id/complete', () => {
    it('validates against the task’s form, checks who acts, and leaves the task open', async () => {
      const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
      const submitted = await server.http.post(`/api/applications/${id}/submit`).set(...auth(applicant));
      const taskId = await server.waitForTask(submitted.body.processInstanceId, 'Task_AcceptanceCheck');
      const complete = (who: { token: string }, values: Record<string, unknown>) => server.http.post(`/api/tasks/${taskId}/complete`).set(...auth(who)).send({ values });

      const noReason = await complete(reviewer, { acceptanceDecision: 'accept' });
      expect(noReason.status).toBe(400);
      expect(paths(noReason)).toEqual(['acceptanceReason']);
      const noItems = await complete(reviewer, { acceptanceDecision: 'correct', acceptanceReason: '材料不齐' });
      expect(paths(noItems)).toEqual(['correctionItems']);
      const badOption = await complete(reviewer, { acceptanceDecision: 'maybe', acceptanceReason: '再说' });
      expect(paths(badOption)).toEqual(['acceptanceDecision']);
      const extra = await complete(reviewer, { acceptanceDecision: 'accept', acceptanceReason: '齐全', approvedBy: 'the boss' });
      expect(paths(extra)).toEqual(['approvedBy']);
      // a reviewer of Shenzhen does not see Guangzhou's task at all
      expect((await complete(outsider, { acceptanceDecision: 'accept', acceptanceReason: '齐全' })).status).toBe(404);
      expect((await complete(applicant, { acceptanceDecision: 'accept', acceptanceReason: '齐全' })).status).toBe(403);
      expect((await server.http.post('/api/tasks/no-such-task/complete').set(...auth(reviewer)).send({ values: {} })).status).toBe(404);

      const task = await server.http.get(`/api/tasks/${taskId}`).set(...auth(reviewer));
      expect(task.status).toBe(200);
      expect(task.body.task.assignee).toBeNull();
    });
  });

  describe('records register', () => {
    it('is for administrators only', async () => {
      expect((await server.http.get('/api/records').set(...auth(reviewer))).status).toBe(403);
    });

    it('imports nothing from a CSV file with a bad row, and reports the line', async () => {
      const csv = `resident_id,name,record_type,occurred_on,note\n${residentId('44010619700101111')},甲,intentional-crime-typo,2010-01-01,\n${residentId('44010619700101222')},乙,administrative-detention,2010-01-01,\n`;
      const res = await server.http.post('/api/records/import').set(...auth(admin)).set('Content-Type', 'text/csv').send(csv);
      expect(res.status).toBe(400);
      expect(res.body.details.errors[0]).toMatchObject({ line: 2 });
      expect((await server.http.get('/api/records').set(...auth(admin))).body.total).toBe(0);
    });

    it('searches with the person in the body as it does with them in the address, and names a bad criterion', async () => {
      const id = residentId('44010619800101333');
      expect((await server.http.post('/api/records').set(...auth(admin)).send({ residentId: id, name: '丙某', recordType: 'administrative-detention', occurredOn: '2015-03-01', source: '测试' })).status).toBe(201);
      const inBody = await server.http.post('/api/records/search').set(...auth(admin)).send({ residentId: id, limit: 10 });
      expect(inBody.status).toBe(200);
      expect(inBody.body).toEqual((await server.http.get('/api/records').query({ residentId: id, limit: 10 }).set(...auth(admin))).body);
      expect(inBody.body.items).toEqual([expect.objectContaining({ residentId: id, name: '丙某' })]);
      expect((await server.http.post('/api/records/search').set(...auth(admin)).send({ name: '无此人' })).body).toEqual({ total: 0, items: [] });

      const bad = await server.http.post('/api/records/search').set(...auth(admin)).send({ limit: 0, idNumber: id });
      expect(bad.status).toBe(400);
      expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'limit']);
      expect((await server.http.post('/api/records/search').set(...auth(reviewer)).send({})).status).toBe(403);
    });
  });

  describe('GET /api/public/verify', () => {
    it('names the missing parameters', async () => {
      const res = await server.http.get('/api/public/verify');
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(expect.arrayContaining(['number', 'code']));
    });
  });
});
