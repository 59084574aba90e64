import { jest } from '@jest/globals';
import { API_AUDIT_RULES } from '../../../src/audit/api-audit.js';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

let server: LicensingServer;
let caseOfficer: TestUser;
let intake: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  caseOfficer = await server.officer('case-gz', ['case-440100']);
  intake = await server.officer('intake-gz', ['tip-intake-440100']);
});

afterAll(async () => {
  await server?.close();
});

/**
 * Changes through `/api` that append their own audit entries inside the change's transaction, and requests that
 * change nothing an auditor follows (a lint, a login recorded by its route, a reader's own marks and phrases).
 */
const RECORDED_ELSEWHERE = new Set([
  'POST /api/auth/login', 'POST /api/auth/logout', 'PUT /api/auth/password', 'POST /api/admin/users', 'PATCH /api/admin/users/:id', 'PUT /api/admin/users/:id/password', 'POST /api/admin/jurisdictions',
  'PUT /api/admin/holiday-calendar/:year', 'POST /api/incidents/retry', 'POST /api/records', 'POST /api/records/import', 'DELETE /api/records/:id', 'POST /api/process-models/deployments',
  'PUT /api/process-models/:key/versions/:version/suspended', 'PUT /api/me/notification-settings', 'POST /api/admin/notification-deliveries/:id/retry',
  'POST /api/tips/:id/complainant', 'POST /api/public/applicant-accounts', 'POST /api/tasks/:id/complete',
]);
const NOT_A_CHANGE = new Set([
  'POST /api/process-models/lint', 'POST /api/records/search', 'POST /api/inbox/:id/read', 'POST /api/inbox/read-all', 'POST /api/workbench/copies/:id/read',
  'POST /api/workbench/phrases', 'DELETE /api/workbench/phrases/:id',
]);

const entries = async (action: string) => (await server.auth.audit.list({ action, limit: 200 })).items;

describe('the audit log of changes made through /api', () => {
  it('covers every route that changes something: recorded by its rule, by the change itself, or by the workbench', () => {
    const changing = server.routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    const uncovered = changing.filter((r) => !API_AUDIT_RULES[r] && !RECORDED_ELSEWHERE.has(r) && !NOT_A_CHANGE.has(r) && !r.startsWith('POST /api/workbench/'));
    expect(uncovered).toEqual([]);
    // and every rule names a route the API serves
    expect(Object.keys(API_AUDIT_RULES).filter((r) => !changing.includes(r))).toEqual([]);
  });

  it('records an opened case and its evidence as done by the officer, with the ids and no personal data', async () => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`)
      .send({ party: { kind: 'unit', name: '广州审计保安服务有限公司' }, regionCode: '440106', facts: '广州审计保安服务有限公司未经备案在本市提供保安服务。' });
    expect(opened.status).toBe(201);
    const evidence = await server.http.post(`/api/cases/${opened.body.id}/evidence`).set('Authorization', `Bearer ${caseOfficer.token}`).field('kind', 'document').field('title', '询问笔录');
    expect(evidence.status).toBe(201);

    expect(await entries('case.open')).toEqual([expect.objectContaining({ actor: 'case-gz', subjectType: 'admin-case', subjectId: opened.body.id, details: { number: opened.body.number } })]);
    expect(await entries('case.evidence-add')).toEqual([expect.objectContaining({ actor: 'case-gz', subjectId: opened.body.id, details: { id: evidence.body.id } })]);
    expect(JSON.stringify(await entries('case'))).not.toContain('广州审计保安服务有限公司');
  });

  it('records a tip reported by the public without the caller\'s address, and one registered by an officer as theirs', async () => {
    const tip = { anonymous: true, category: 'guard-misconduct', subject: { name: '某商场保安', address: '广州市天河区某商场' }, regionCode: '440106', facts: '2026年5月30日晚，商场保安以搜身为由限制一名顾客离开，持续约半小时。' };
    const reported = await server.http.post('/api/public/tips').set('X-Forwarded-For', '203.0.113.7').send(tip);
    expect(reported.status).toBe(201);
    const registered = await server.http.post('/api/tips').set('Authorization', `Bearer ${intake.token}`).send({ ...tip, channel: 'phone' });
    expect(registered.status).toBe(201);

    expect(await entries('tip.report')).toEqual([expect.objectContaining({ actor: null, ip: null, subjectType: 'tip', subjectId: reported.body.trackingCode })]);
    expect(await entries('tip.register')).toEqual([expect.objectContaining({ actor: 'intake-gz', subjectId: registered.body.trackingCode })]);
    expect(JSON.stringify(await entries('tip'))).not.toContain(reported.body.secret);
  });

  it('records nothing for a refused change', async () => {
    const refused = await server.http.post('/api/cases').set('Authorization', `Bearer ${intake.token}`).send({ party: { kind: 'unit', name: '某公司' }, regionCode: '440106', facts: '某公司未经备案在本市提供保安服务。' });
    expect(refused.status).toBe(403);
    expect((await entries('case.open')).filter((e) => e.actor === 'intake-gz')).toEqual([]);
  });

  it('keeps the chain intact', async () => {
    expect((await server.auth.audit.verify()).ok).toBe(true);
  });
});
