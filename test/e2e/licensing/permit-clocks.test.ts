import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, draftWithDocuments, permitApplicationData, readApplication, registerApplicant, waitForStatus, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let reviewer: TestUser;
let approver: TestUser;
let leader: TestUser;

beforeAll(async () => {
  // Wednesday 2026-02-11, 10:00 in China: the Spring Festival holiday runs 02-15 to 02-23; Saturday 02-14 is a working day
  server = await startLicensingServer({ startAt: new Date('2026-02-11T02:00:00Z') });
  reviewer = await server.officer('reviewer-gz', ['permit-reviewer-440100']);
  approver = await server.officer('approver-gd', ['permit-approver-440000']);
  leader = await server.officer('leader-gz', ['leader-440100']);
});

afterAll(async () => {
  await server?.close();
});

async function submit(applicant: Applicant, data = permitApplicationData()): Promise<{ id: string; pid: string }> {
  const id = await draftWithDocuments(server, applicant, 'security-company-permit', data);
  const res = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
  expect(res.status).toBe(200);
  return { id, pid: res.body.processInstanceId as string };
}

async function inbox(user: TestUser | Applicant): Promise<Array<{ kind: string; title: string; body: string; subject: { kind: string; id: string } | null }>> {
  const res = await server.http.get('/api/inbox').set('Authorization', `Bearer ${user.token}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('statutory clocks of the permit procedure on the working-day calendar', () => {
  it('counts the 5-working-day acceptance period across the Spring Festival and the adjusted working Saturday, warns, then deems the application accepted', async () => {
    const applicant = await registerApplicant(server, 'chunjie');
    const { id, pid } = await submit(applicant);
    await server.waitForTask(pid, 'Task_AcceptanceCheck');
    const clock = (await readApplication(server, applicant.token, id))['clocks'][0];
    // 02-12, 02-13, 02-14 (Saturday, adjusted working day), 02-24, 02-25: due at the end of 02-25 in China
    expect(clock).toMatchObject({ name: 'acceptance', ruleId: 'P1', colour: 'normal' });
    expect(clock.dueAt).toBe('2026-02-25T15:59:59.999Z');
    expect(clock.warnAt).toBe('2026-02-24T16:00:00.000Z');

    // the last working day: a warning to the reviewers, and the clock turns yellow
    await server.advanceTo(new Date('2026-02-25T01:00:00Z'));
    const warned = await server.waitFor(async () => (await inbox(reviewer)).find((n) => n.kind === 'warning'), 'the warning');
    expect(warned.title).toContain('临期预警');
    // the reviewers open the case file of the application
    expect(warned.subject).toEqual({ kind: 'case-file', id: pid });
    expect((await readApplication(server, applicant.token, id))['clocks'][0].colour).toBe('yellow');

    // nobody acted in time: deemed accepted on receipt (行政许可法 Art 32)
    await server.advanceTo(new Date('2026-02-26T01:00:00Z'));
    const app = await waitForStatus(server, applicant.token, id, 'accepted');
    expect(app['history'].map((h: { status: string }) => h.status)).toContain('accepted');
    expect(app['history'].find((h: { status: string }) => h.status === 'accepted').note).toContain('视为受理');
    await server.waitFor(async () => (await readApplication(server, applicant.token, id))['officialDocuments'].some((d: { type: string }) => d.type === 'acceptance-notice'), 'the acceptance notice');
    await server.waitForTask(pid, 'Task_CityReview');
  });

  it('escalates an overdue city review to the leaders, and a refusal carries its reasons and the rights notice', async () => {
    const applicant = await registerApplicant(server, 'chaoqi');
    const { id, pid } = await submit(applicant);
    expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', { acceptanceDecision: 'accept', acceptanceReason: '材料齐全' })).status).toBe(200);
    await server.waitForTask(pid, 'Task_CityReview');
    const submitted = await readApplication(server, applicant.token, id);
    const review = submitted['clocks'].find((c: { name: string }) => c.name === 'review');
    await server.advanceTo(new Date(new Date(review.dueAt).getTime() + 3600_000));
    const escalated = await server.waitFor(async () => (await inbox(leader)).find((n) => n.kind === 'escalation' && n.body.includes(review.ruleName) && n.body.includes(submitted['number'])), 'the escalation');
    expect(escalated.title).toContain('超期督办');
    expect(escalated.subject).toEqual({ kind: 'case-file', id: pid });
    expect((await readApplication(server, applicant.token, id))['clocks'].find((c: { name: string }) => c.name === 'review').colour).toBe('red');

    expect((await completeTask(server, reviewer, pid, 'Task_CityReview', { screeningConfirmed: true, reviewOpinion: 'disagree', reviewReason: '主要管理人员从业经历不足5年' })).status).toBe(200);
    expect((await completeTask(server, approver, pid, 'Task_Decision', { decision: 'refuse', decisionReason: '主要管理人员不具备相关工作经验，不符合条例第八条第（二）项' })).status).toBe(200);
    const app = await waitForStatus(server, applicant.token, id, 'refused');
    const refusal = app['officialDocuments'].find((d: { type: string }) => d.type === 'permit-refusal');
    const html = await server.http.get(`/api/official-documents/${refusal.id}`).set('Authorization', `Bearer ${applicant.token}`);
    expect(html.text).toContain('主要管理人员不具备相关工作经验');
    expect(html.text).toContain('广东省人民政府');
    expect(html.text).toContain('行政诉讼');
    // the applicant is told of the decision and its document, each opening the application
    const told = await inbox(applicant);
    expect(told.find((n) => n.kind === 'document' && n.title.includes('不予行政许可决定书'))?.subject).toEqual({ kind: 'application', id });
    expect(told.find((n) => n.kind === 'status' && n.title.includes('不予许可'))?.subject).toEqual({ kind: 'application', id });
  });

  it('does not accept an application that is not the authority’s matter, with a non-acceptance notice', async () => {
    const applicant = await registerApplicant(server, 'buyu');
    const { id, pid } = await submit(applicant);
    expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', { acceptanceDecision: 'reject', acceptanceReason: '申请事项不属于本机关职权范围' })).status).toBe(200);
    const app = await waitForStatus(server, applicant.token, id, 'not-accepted');
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['non-acceptance-notice']);
    expect(app['clocks'].every((c: { status: string }) => c.status === 'stopped')).toBe(true);
  });

  it('lets a granted permit lapse when the company has not registered its business within 6 months', async () => {
    const applicant = await registerApplicant(server, 'shixiao');
    const { id, pid } = await submit(applicant);
    expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', { acceptanceDecision: 'accept', acceptanceReason: '材料齐全' })).status).toBe(200);
    expect((await completeTask(server, reviewer, pid, 'Task_CityReview', { screeningConfirmed: true, reviewOpinion: 'agree', reviewReason: '符合条件' })).status).toBe(200);
    expect((await completeTask(server, approver, pid, 'Task_Decision', { decision: 'grant', decisionReason: '符合条件' })).status).toBe(200);
    let app = await waitForStatus(server, applicant.token, id, 'granted');
    await server.waitForTask(pid, 'Receive_BusinessRegistered');
    app = await readApplication(server, applicant.token, id);
    const registration = app['clocks'].find((c: { name: string }) => c.name === 'registration');
    expect(registration).toMatchObject({ ruleId: 'P5', status: 'running' });
    // the company is reminded before the 6 months run out
    await server.advanceTo(new Date(registration.warnAt));
    const reminder = await server.waitFor(async () => (await inbox(applicant)).find((n) => n.kind === 'warning'), 'the reminder');
    expect(reminder.body).toContain(registration.ruleName);
    expect(reminder.subject).toEqual({ kind: 'application', id });
    await server.advanceTo(new Date(new Date(registration.dueAt).getTime() + 1000));
    app = await waitForStatus(server, applicant.token, id, 'lapsed');
    expect(app['permit'].status).toBe('lapsed');
    const late = await server.http.post(`/api/applications/${id}/business-registration`).set('Authorization', `Bearer ${applicant.token}`).send({ creditCode: '91440101MA5CXXXX0X' });
    expect(late.status).toBe(409);
  });
});
