import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { PDF } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let caseOfficer: TestUser;
let legalOfficer: TestUser;
let leader: TestUser;
let foreign: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  caseOfficer = await server.officer('case-pf', ['case-440100']);
  legalOfficer = await server.officer('legal-pf', ['legal-440100']);
  leader = await server.officer('leader-pf', ['leader-440100']);
  foreign = await server.officer('case-pf-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

const as = (user: TestUser) => ({
  get: (path: string, query: Record<string, string> = {}) => server.http.get(path).query(query).set('Authorization', `Bearer ${user.token}`),
  post: (path: string, body: unknown = {}) => server.http.post(path).set('Authorization', `Bearer ${user.token}`).send(body as object),
});

const INVESTIGATION = { establishedFacts: '未经备案提供保安服务', evidenceList: '询问笔录', violationId: 'art42-2', proposedDecision: 'no-penalty', investigationReason: '违法行为轻微' };

describe('the case file of a procedure (GET /api/workbench/procedures/{id}) and the files of its evidence', () => {
  it('gives the case with its record id, clocks, operations, path and diagram, and says whether the caller may withdraw a task of theirs, or why not', async () => {
    const opened = (await as(caseOfficer).post('/api/cases', { party: { kind: 'unit', name: '广州案卷保安服务有限公司' }, regionCode: '440106', facts: '未经备案在本市提供保安服务。' })).body as { id: string; number: string; processInstanceId: string };
    const pid = opened.processInstanceId;
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    await server.waitFor(async () => (await as(caseOfficer).get(`/api/workbench/procedures/${pid}`)).body.clocks?.length > 0, 'the case clock');
    expect((await as(caseOfficer).post(`/api/workbench/tasks/${investigate}/complete`, { values: INVESTIGATION, comment: '建议不予处罚' })).status).toBe(200);
    const review = await server.waitForTask(pid, 'Task_LegalReview');

    const file = await as(caseOfficer).get(`/api/workbench/procedures/${pid}`, { doneTask: investigate });
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({
      processInstanceId: pid, state: 'ACTIVE', endedAt: null,
      case: { kind: 'admin-case', recordId: opened.id, number: opened.number, party: '广州案卷保安服务有限公司', jurisdiction: '440106' },
      clocks: [expect.objectContaining({ name: 'case', status: 'running' })],
      actions: [expect.objectContaining({ taskId: investigate, action: 'complete', actor: 'case-pf', comment: '建议不予处罚' })],
      // the status step 状态：法制审核 ran after the investigation: the withdrawal would be refused, and the reason is the same
      doneTask: { id: investigate, activityId: 'Task_Investigate', withdrawable: false, reason: 'automated steps have run since (状态：法制审核)' },
    });
    expect(file.body.xml).toContain('Task_LegalReview');
    expect(file.body.path.find((a: { activityId: string; end: string | null }) => a.activityId === 'Task_LegalReview')?.end).toBeNull();
    const early = await as(caseOfficer).post(`/api/workbench/done/${investigate}/withdraw`, { comment: '补充证据' });
    expect(early.status).toBe(400);
    expect(early.body.details.issues[0].message).toBe(file.body.doneTask.reason);

    // the legal review leads straight to the decision: withdrawable until the leader takes it
    expect((await as(legalOfficer).post(`/api/workbench/tasks/${review}/complete`, { values: { reviewResult: 'pass', reviewOpinion: '同意不予处罚' } })).status).toBe(200);
    const decide = await server.waitForTask(pid, 'Task_Decide');
    expect((await as(legalOfficer).get(`/api/workbench/procedures/${pid}`, { doneTask: review })).body.doneTask).toMatchObject({ id: review, activityId: 'Task_LegalReview', withdrawable: true, reason: null });
    expect((await as(leader).post(`/api/workbench/tasks/${decide}/claim`)).status).toBe(200);
    const refused = await as(legalOfficer).get(`/api/workbench/procedures/${pid}`, { doneTask: review });
    expect(refused.body.doneTask).toMatchObject({ withdrawable: false, reason: 'the next handler has already taken or acted on the case' });
    const withdrawal = await as(legalOfficer).post(`/api/workbench/done/${review}/withdraw`, { comment: '补充意见' });
    expect(withdrawal.status).toBe(400);
    expect(withdrawal.body.details.issues[0].message).toBe(refused.body.doneTask.reason);

    // a task that is not the caller's, bad ids, and officers of another city
    expect((await as(leader).get(`/api/workbench/procedures/${pid}`, { doneTask: investigate })).status).toBe(404);
    expect((await as(caseOfficer).get(`/api/workbench/procedures/${pid}`, { doneTask: 'no such task!' })).status).toBe(400);
    expect((await as(caseOfficer).get('/api/workbench/procedures/no-such-instance')).status).toBe(404);
    expect((await as(foreign).get(`/api/workbench/procedures/${pid}`)).status).toBe(404);
  });

  it('downloads an evidence item\'s file as it was uploaded, and answers 404 for an item without a file', async () => {
    const opened = (await as(caseOfficer).post('/api/cases', { party: { kind: 'person', name: '刘某' }, regionCode: '440106', facts: '保安员刘某无证上岗。' })).body as { id: string };
    const withFile = await server.http.post(`/api/cases/${opened.id}/evidence`).set('Authorization', `Bearer ${caseOfficer.token}`)
      .field('kind', 'document').field('title', '询问笔录').attach('file', PDF, '询问笔录.pdf');
    expect(withFile.status).toBe(201);
    const file = await as(caseOfficer).get(`/api/cases/${opened.id}/evidence/${withFile.body.id}/file`).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('询问笔录.pdf')}`);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);

    const without = await server.http.post(`/api/cases/${opened.id}/evidence`).set('Authorization', `Bearer ${caseOfficer.token}`).field('kind', 'physical').field('title', '警棍一根');
    expect((await as(caseOfficer).get(`/api/cases/${opened.id}/evidence/${without.body.id}/file`)).status).toBe(404);
    expect((await as(foreign).get(`/api/cases/${opened.id}/evidence/${withFile.body.id}/file`)).status).toBe(404);
    expect((await as(caseOfficer).get(`/api/criminal-cases/${opened.id}/evidence/${withFile.body.id}/file`)).status).toBe(404);
  });

  it('lists the complainant\'s attachments of a tip to the complainant, by name, type and size', async () => {
    const reported = await server.http.post('/api/public/tips').send({ anonymous: true, category: 'other', subject: { name: '某保安公司' }, regionCode: '440106', facts: '该公司保安员夜间执勤时饮酒。' });
    const { trackingCode, secret } = reported.body as { trackingCode: string; secret: string };
    const attached = await server.http.post(`/api/public/tips/${trackingCode}/attachments`).set('X-Tip-Secret', secret).attach('file', PDF, 'photo.pdf');
    expect(attached.status).toBe(201);
    const tracked = await server.http.get(`/api/public/tips/${trackingCode}`).set('X-Tip-Secret', secret);
    expect(tracked.body.attachments).toEqual([{ id: attached.body.id, fileName: 'photo.pdf', mediaType: 'application/pdf', size: PDF.length, at: expect.any(String) }]);
  });
});
