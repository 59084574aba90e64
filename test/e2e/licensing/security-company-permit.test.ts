import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, creditCode, draftWithDocuments, permitApplicationData, readApplication, registerApplicant, upload, waitForStatus, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

let server: LicensingServer;
let reviewer: TestUser;
let approver: TestUser;

beforeAll(async () => {
  // Wednesday 2026-03-11, 09:00 in China: no holiday within the next weeks
  server = await startLicensingServer({ startAt: new Date('2026-03-11T01:00:00Z') });
  reviewer = await server.officer('reviewer-gz', ['permit-reviewer-440100']);
  approver = await server.officer('approver-gd', ['permit-approver-440000']);
});

afterAll(async () => {
  await server?.close();
});

async function submitted(applicant: Applicant, data: Record<string, unknown>): Promise<{ id: string; pid: string; number: string }> {
  const id = await draftWithDocuments(server, applicant, 'security-company-permit', data);
  const res = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
  expect(res.status).toBe(200);
  return { id, pid: res.body.processInstanceId as string, number: res.body.number as string };
}

describe('security company permit (保安服务公司设立许可), end to end through HTTP with the real workers', () => {
  it('goes from a correction request through resubmission, an on-site check, the city review and the provincial decision to an active permit', async () => {
    const applicant = await registerApplicant(server, 'pingan');
    const { id, pid, number } = await submitted(applicant, permitApplicationData({ armedEscort: true, registeredCapital: 1500 }));
    expect(number).toMatch(/^SQ2026440100\d{6}$/);

    // the acceptance check runs on a 5-working-day clock
    let app = await readApplication(server, applicant.token, id);
    const acceptance = await server.waitFor(async () => (await readApplication(server, applicant.token, id))['clocks'].find((c: { name: string }) => c.name === 'acceptance'), 'the acceptance clock');
    expect(acceptance).toMatchObject({ ruleId: 'P1', status: 'running', colour: 'normal' });
    expect(new Date(acceptance.dueAt).toISOString()).toBe('2026-03-18T15:59:59.999Z');

    // one-time correction notice
    const taskId = await server.waitForTask(pid, 'Task_AcceptanceCheck');
    const detail = await server.http.get(`/api/tasks/${taskId}`).set('Authorization', `Bearer ${reviewer.token}`);
    expect(detail.status).toBe(200);
    expect(detail.body.form.id).toBe('permit-acceptance-check');
    expect(detail.body.variables.applicationNumber).toBe(number);
    const correct = await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', {
      acceptanceDecision: 'correct', correctionItems: '公司章程：缺少全体股东签字\n住所使用证明：租赁合同已过期', acceptanceReason: '材料不齐全',
    });
    expect(correct.status).toBe(200);
    app = await waitForStatus(server, applicant.token, id, 'correction-requested');
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['correction-notice']);
    expect(app['clocks'].find((c: { name: string }) => c.name === 'acceptance').status).toBe('stopped');
    expect(app['awaiting']).toBe('correction');

    // the applicant corrects and resubmits the next day
    await server.advance(DAY);
    await upload(server, applicant, id, 'articles-of-association');
    const answered = await server.http.post(`/api/applications/${id}/correction`).set('Authorization', `Bearer ${applicant.token}`).send({ note: '已补正公司章程和租赁合同' });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('submitted');

    expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', { acceptanceDecision: 'accept', acceptanceReason: '材料齐全，予以受理' })).status).toBe(200);
    app = await waitForStatus(server, applicant.token, id, 'on-site-check');
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['correction-notice', 'acceptance-notice']);

    // armed escort: an on-site check pauses the 15-working-day review clock
    const before = app['clocks'].find((c: { name: string }) => c.name === 'review');
    expect(before.status).toBe('paused');
    await server.advance(2 * DAY);
    expect((await completeTask(server, reviewer, pid, 'Task_OnSiteVerification', {
      onSiteInspectors: '陈警官、刘警官', onSiteDate: '2026-03-13', onSiteResult: 'pass', onSiteFindings: '场所、枪支保管设施与申报一致',
    })).status).toBe(200);
    app = await waitForStatus(server, applicant.token, id, 'under-review');
    const after = app['clocks'].find((c: { name: string }) => c.name === 'review');
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime());

    expect((await completeTask(server, reviewer, pid, 'Task_CityReview', { screeningConfirmed: true, reviewOpinion: 'agree', reviewReason: '符合设立条件' })).status).toBe(200);
    expect((await completeTask(server, approver, pid, 'Task_Decision', { decision: 'grant', decisionReason: '符合《保安服务管理条例》第八条、第十条规定的条件' })).status).toBe(200);

    app = await waitForStatus(server, applicant.token, id, 'granted');
    expect(app['permit']).toMatchObject({ status: 'issued' });
    expect(app['permit'].number).toMatch(/^广东省保服字2026440100\d{5}$/);
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['correction-notice', 'acceptance-notice', 'permit-decision', 'security-service-permit']);
    expect(app['awaiting']).toBe('business-registration');

    // the permit document is printable HTML that names the holder and its number, and anyone can verify it
    const permitDoc = app['officialDocuments'].find((d: { type: string }) => d.type === 'security-service-permit');
    const html = await server.http.get(`/api/official-documents/${permitDoc.id}`).set('Authorization', `Bearer ${applicant.token}`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('广州平安保安服务有限公司');
    expect(html.text).toContain(app['permit'].number);
    // PDF only with a CJK font configured (none here); a format that does not exist is named
    expect((await server.http.get(`/api/official-documents/${permitDoc.id}`).query({ format: 'pdf' }).set('Authorization', `Bearer ${applicant.token}`)).status).toBe(503);
    const badFormat = await server.http.get(`/api/official-documents/${permitDoc.id}`).query({ format: 'docx' }).set('Authorization', `Bearer ${applicant.token}`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.details.issues[0].path).toBe('format');
    const code = /校验码[^A-Z0-9]*([A-Z0-9]{8})/.exec(html.text)?.[1];
    expect(code).toBeDefined();
    const verified = await server.http.get('/api/public/verify').query({ number: permitDoc.number, code });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ title: '保安服务许可证', holderName: '广州平安保安服务有限公司', issuer: '广东省公安厅', status: 'valid' });
    expect((await server.http.get('/api/public/verify').query({ number: permitDoc.number, code: 'AAAAAAAA' })).status).toBe(404);
    // the page printed on the document
    const page = await server.http.get('/verify').query({ number: permitDoc.number, code: code?.toLowerCase() });
    expect(page.status).toBe(200);
    expect(page.text).toContain('核验通过');
    expect(page.text).toContain('广州平安保安服务有限公司');
    const wrong = await server.http.get('/verify').query({ number: '<script>alert(1)</script>', code: 'AAAAAAAA' });
    expect(wrong.status).toBe(404);
    expect(wrong.text).not.toContain('<script>alert');
    expect(html.text).toContain('https://permits.example.gov.cn/verify');

    // business registration within 6 months makes the permit active
    await server.waitForTask(pid, 'Receive_BusinessRegistered');
    const registered = await server.http.post(`/api/applications/${id}/business-registration`).set('Authorization', `Bearer ${applicant.token}`).send({ creditCode: creditCode('91440101MA5CXXXX0') });
    expect(registered.status).toBe(202);
    app = await waitForStatus(server, applicant.token, id, 'registered');
    expect(app['permit'].status).toBe('active');
    expect(app['clocks'].every((c: { status: string }) => c.status === 'stopped')).toBe(true);
  });
});
