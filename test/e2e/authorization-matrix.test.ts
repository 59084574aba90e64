import { jest } from '@jest/globals';
import type { TestUser } from './../helpers/auth.js';
import { draftWithDocuments, permitApplicationData, registerApplicant, type Applicant } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

jest.setTimeout(120_000);

/**
 * Every role, and officers of a foreign jurisdiction, against the endpoints that read or change the records of a
 * case, an application and the workbench: each answer is asserted, allowed or denied. Subjects live in Tianhe
 * district (440106) of Guangzhou (440100); the foreign officers serve Shenzhen (440300).
 */
const ROLES = {
  'station officer 440106': ['station-440106'],
  'intake officer 440100': ['tip-intake-440100'],
  'permit reviewer 440100': ['permit-reviewer-440100'],
  'permit approver 440000': ['permit-approver-440000'],
  'case officer 440100': ['case-440100'],
  'case officer 440106': ['case-440106'],
  'legal officer 440100': ['legal-440100'],
  'leader 440100': ['leader-440100'],
  'leader 440000': ['leader-440000'],
  'process manager': ['process-manager'],
  'auditor': ['auditor'],
  'administrator': ['admin'],
  'case officer 440300 (foreign)': ['case-440300'],
  'permit reviewer 440300 (foreign)': ['permit-reviewer-440300'],
  'leader 440300 (foreign)': ['leader-440300'],
} satisfies Record<string, string[]>;
type Who = keyof typeof ROLES | 'applicant' | 'anonymous';
const OFFICIALS = Object.keys(ROLES) as Array<keyof typeof ROLES>;
const EVERY: Who[] = [...OFFICIALS, 'applicant', 'anonymous'];
const OFFICERS: Who[] = OFFICIALS.filter((r) => !['process manager', 'auditor', 'administrator'].includes(r));

let server: LicensingServer;
const users = new Map<Who, TestUser | Applicant>();
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  for (const name of OFFICIALS) users.set(name, await server.officer(name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(), ROLES[name]));
  const applicant = await registerApplicant(server, 'matrix-co');
  users.set('applicant', applicant);
  ids['application'] = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
  const caseOfficer = users.get('case officer 440100') as TestUser;
  const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'person', name: '郑某' }, regionCode: '440106', facts: '保安员郑某无证上岗，殴打他人。' });
  ids['case'] = opened.body.id;
  ids['caseTask'] = await server.waitForTask(opened.body.processInstanceId, 'Task_Investigate');
  const criminal = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ suspect: { name: '钱某' }, regionCode: '440106', facts: '钱某以保安公司名义组织人员暴力讨债。' });
  ids['criminal'] = criminal.body.id;
});

afterAll(async () => {
  await server?.close();
});

interface Row {
  what: string;
  method: 'get' | 'post';
  path: () => string;
  body?: unknown;
  allowed: Who[];
}

const CASE_READERS: Who[] = ['case officer 440100', 'case officer 440106', 'legal officer 440100', 'leader 440100', 'leader 440000'];
const MATRIX: Row[] = [
  { what: 'an administrative case', method: 'get', path: () => `/api/cases/${ids['case']}`, allowed: CASE_READERS },
  { what: "an administrative case's evidence", method: 'get', path: () => `/api/cases/${ids['case']}/evidence`, allowed: CASE_READERS },
  { what: "an administrative case's timeline", method: 'get', path: () => `/api/cases/${ids['case']}/timeline`, allowed: CASE_READERS },
  { what: 'a criminal case', method: 'get', path: () => `/api/criminal-cases/${ids['criminal']}`, allowed: CASE_READERS },
  { what: 'an application', method: 'get', path: () => `/api/applications/${ids['application']}`, allowed: ['permit reviewer 440100', 'permit approver 440000', 'leader 440100', 'leader 440000', 'applicant'] },
  { what: 'a task of the case in the workbench', method: 'get', path: () => `/api/workbench/tasks/${ids['caseTask']}`, allowed: ['case officer 440100', 'leader 440100', 'leader 440000'] },
  { what: 'the 待办 list', method: 'get', path: () => '/api/workbench/todo', allowed: OFFICERS },
  { what: 'the workbench counts', method: 'get', path: () => '/api/workbench/counts', allowed: OFFICERS },
  { what: 'the jurisdiction tree', method: 'get', path: () => '/api/jurisdictions', allowed: OFFICIALS },
  { what: 'the permission table', method: 'get', path: () => '/api/admin/roles', allowed: ['administrator'] },
  { what: 'adding a police station', method: 'post', path: () => '/api/admin/jurisdictions', body: { code: '440106-shipai', name: '石牌派出所' }, allowed: ['administrator'] },
  { what: 'the records register', method: 'get', path: () => '/api/records', allowed: ['administrator'] },
  { what: 'creating a user', method: 'post', path: () => '/api/admin/users', body: { id: 'x' }, allowed: ['administrator'] },
];

const DENIED = [401, 403, 404];

describe('authorisation: every role and a foreign jurisdiction against each endpoint', () => {
  describe.each(MATRIX)('$what ($method)', (row) => {
    it.each(EVERY)('%s', async (who) => {
      const user = users.get(who);
      const request = server.http[row.method](row.path());
      if (user) request.set('Authorization', `Bearer ${user.token}`);
      const res = row.method === 'post' ? await request.send(row.body as object) : await request;
      if (row.allowed.includes(who)) {
        // allowed callers get past authorisation: a success, or a validation answer about their input
        expect([200, 201, 400, 409]).toContain(res.status);
      } else {
        expect(DENIED).toContain(res.status);
        if (who === 'anonymous') expect(res.status).toBe(401);
      }
    });
  });

  it('lets officers see only their part of the jurisdiction tree', async () => {
    const tree = await server.http.get('/api/jurisdictions').set('Authorization', `Bearer ${(users.get('case officer 440100') as TestUser).token}`);
    expect(tree.body.map((n: { code: string }) => n.code)).toEqual(['440100']);
    const province = await server.http.get('/api/jurisdictions').set('Authorization', `Bearer ${(users.get('leader 440000') as TestUser).token}`);
    expect(province.body).toEqual([expect.objectContaining({ code: '440000', level: 'province', children: expect.arrayContaining([expect.objectContaining({ code: '440300', name: '深圳市' })]) })]);
  });

  it('refuses a station under a district the tree does not hold, naming the code', async () => {
    const admin = users.get('administrator') as TestUser;
    const res = await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440199-nowhere', name: '无此派出所' });
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440106', name: '天河区', authority: '广州市公安局天河区分局' })).status).toBe(201);
    expect((await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440106', name: '天河区' })).status).toBe(409);
    expect((await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send({ code: '440106-tianhenan', name: '天河南派出所' })).status).toBe(201);
    const tree = await server.http.get('/api/jurisdictions').set('Authorization', `Bearer ${(users.get('case officer 440106') as TestUser).token}`);
    expect(tree.body).toEqual([expect.objectContaining({ code: '440106', children: [expect.objectContaining({ code: '440106-tianhenan', level: 'station' })] })]);
  });
});
