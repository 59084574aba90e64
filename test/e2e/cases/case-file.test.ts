import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { PDF, creditCode, registerApplicant, residentId } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let investigator: TestUser;
let legal: TestUser;
let leader: TestUser;
let foreign: TestUser;
const CODE = creditCode('91440101MA5EWWWW2');

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  investigator = await server.officer('case-gz', ['case-440100']);
  legal = await server.officer('legal-gz', ['legal-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  foreign = await server.officer('case-sz', ['case-440300']);
  await registerApplicant(server, 'anquan', { kind: 'security-company', name: '广州安全保安服务有限公司', creditCode: CODE });
});

afterAll(async () => {
  await server?.close();
});

async function complete(user: TestUser, pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  expect((await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values })).status).toBe(200);
}

describe('the case file (案卷)', () => {
  it('keeps evidence with the SHA-256 of each file, shows every step with who and when, and finds the party in the registers', async () => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${investigator.token}`).send({
      party: { kind: 'unit', name: '广州安全保安服务有限公司', identifier: CODE }, regionCode: '440106', facts: '该公司派驻保安员未持证上岗。',
    });
    const { id, processInstanceId: pid } = opened.body as { id: string; processInstanceId: string };

    const party = await server.http.get(`/api/cases/${id}/party`).set('Authorization', `Bearer ${legal.token}`);
    expect(party.body).toMatchObject({ known: true, organisation: { name: '广州安全保安服务有限公司', kind: 'security-company', creditCode: CODE }, permits: [] });

    const withFile = await server.http.post(`/api/cases/${id}/evidence`).set('Authorization', `Bearer ${investigator.token}`)
      .field('kind', 'document').field('title', '保安员排班表').field('description', '2026年10月').attach('file', PDF, '排班表.pdf');
    expect(withFile.status).toBe(201);
    expect(withFile.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    await server.advance(60_000);
    expect((await server.http.post(`/api/cases/${id}/evidence`).set('Authorization', `Bearer ${investigator.token}`).field('kind', 'testimony').field('title', '证人张某询问笔录')).status).toBe(201);
    const list = await server.http.get(`/api/cases/${id}/evidence`).set('Authorization', `Bearer ${leader.token}`);
    expect(list.body.map((e: { title: string }) => e.title)).toEqual(['保安员排班表', '证人张某询问笔录']);
    expect(list.body[0]).toMatchObject({ fileName: '排班表.pdf', mediaType: 'application/pdf', collectedBy: 'case-gz' });

    await complete(investigator, pid, 'Task_Investigate', { establishedFacts: '派驻的3名保安员无保安员证', evidenceList: '排班表', violationId: 'art42-4', proposedDecision: 'no-penalty', investigationReason: '已整改' });
    await server.waitForTask(pid, 'Task_LegalReview');
    const timeline = await server.http.get(`/api/cases/${id}/timeline`).set('Authorization', `Bearer ${investigator.token}`);
    expect(timeline.status).toBe(200);
    const steps = timeline.body as Array<{ activityId: string; type: string; assignee: string | null; endedAt: string | null }>;
    expect(steps[0]).toMatchObject({ activityId: 'Start_Accepted', type: 'startEvent' });
    expect(steps.find((s) => s.activityId === 'Task_Investigate')).toMatchObject({ type: 'userTask', assignee: 'case-gz' });
    expect(steps.at(-1)).toMatchObject({ activityId: 'Task_LegalReview', endedAt: null });
    expect(steps.some((s) => s.type.endsWith('Gateway'))).toBe(false);
  });

  it('says when a suspect is not in the registers, refuses evidence after closing, and names bad input', async () => {
    const opened = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`).send({
      suspect: { name: '马某', residentId: residentId('44010619850505678') }, regionCode: '440106', facts: '保安员马某非法拘禁顾客。',
    });
    const { id, processInstanceId: pid } = opened.body as { id: string; processInstanceId: string };
    await server.waitForTask(pid, 'Task_FilingReview');
    await server.advance(60_000);
    expect((await server.http.get(`/api/criminal-cases/${id}/party`).set('Authorization', `Bearer ${investigator.token}`)).body).toEqual({ known: false });
    expect((await server.http.get(`/api/criminal-cases/${id}/evidence`).set('Authorization', `Bearer ${foreign.token}`)).status).toBe(404);
    const badKind = await server.http.post(`/api/criminal-cases/${id}/evidence`).set('Authorization', `Bearer ${investigator.token}`).field('kind', 'rumour').field('title', 'x');
    expect(badKind.status).toBe(400);
    expect(badKind.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['kind', 'title']));
    const badFile = await server.http.post(`/api/criminal-cases/${id}/evidence`).set('Authorization', `Bearer ${investigator.token}`).field('kind', 'document').field('title', '笔录').attach('file', Buffer.from('plain text'), 'a.pdf');
    expect(badFile.status).toBe(400);

    await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'not-file', accuserName: '顾客陈某', filingReason: '情节显著轻微' });
    const closed = await server.waitFor(async () => {
      const v = (await server.http.get(`/api/criminal-cases/${id}`).set('Authorization', `Bearer ${investigator.token}`)).body as { status: string; documents: Array<{ type: string }> };
      return v.status === 'closed' ? v : null;
    }, 'the closing');
    // the accuser is told, with the right to ask for reconsideration
    expect(closed.documents.map((d) => d.type)).toEqual(['case-acceptance-receipt', 'non-filing-notice']);
    expect((await server.http.post(`/api/criminal-cases/${id}/evidence`).set('Authorization', `Bearer ${investigator.token}`).field('kind', 'document').field('title', '补充材料')).status).toBe(409);
  });

  it('lists the documents of a case, each with a number and verification code anyone can check', async () => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${investigator.token}`).send({
      party: { kind: 'person', name: '保安员何某' }, regionCode: '440106', facts: '保安员何某未取得保安员证上岗。', reporterName: '群众林某',
    });
    const { id, processInstanceId: pid } = opened.body as { id: string; processInstanceId: string };
    await server.waitForTask(pid, 'Task_Investigate');
    const documents = await server.http.get(`/api/cases/${id}/documents`).set('Authorization', `Bearer ${legal.token}`);
    expect(documents.status).toBe(200);
    expect(documents.body).toEqual([expect.objectContaining({ type: 'case-acceptance-receipt', title: '受案回执', status: 'valid', number: expect.stringContaining('受案字') })]);
    const [receipt] = documents.body as Array<{ number: string; verificationCode: string }>;
    const verified = await server.http.get('/api/public/verify').query({ number: receipt!.number, code: receipt!.verificationCode });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ title: '受案回执', holderName: '群众林某', status: 'valid' });
    expect((await server.http.get(`/api/cases/${id}/documents`).set('Authorization', `Bearer ${foreign.token}`)).status).toBe(404);
  });
});
