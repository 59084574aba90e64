import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, draftWithDocuments, registerApplicant, residentId, waitForStatus, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let examiner: TestUser;
let leader: TestUser;
let admin: TestUser;
let unit: Applicant;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-05-12T02:00:00Z') });
  examiner = await server.officer('guard-gz', ['guard-reviewer-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  admin = await server.officer('records-admin', ['admin']);
  unit = await registerApplicant(server, 'peixun', { kind: 'training-unit' });
});

afterAll(async () => {
  await server?.close();
});

function registration(name: string, id: string): Record<string, unknown> {
  return {
    name, residentId: id, education: 'senior-middle', regionCode: '440106', householdAddress: '广东省广州市天河区某街1号',
    currentAddress: '广东省广州市天河区某街1号', healthCertified: true, phone: '13600136000',
  };
}

async function register(name: string, id: string): Promise<{ appId: string; pid: string }> {
  const appId = await draftWithDocuments(server, unit, 'guard-certificate', registration(name, id));
  const res = await server.http.post(`/api/applications/${appId}/submit`).set('Authorization', `Bearer ${unit.token}`);
  expect(res.status).toBe(200);
  return { appId, pid: res.body.processInstanceId as string };
}

describe('guard certificate (保安员证)', () => {
  it('is issued after the eligibility review and a passed re-sit, then revoked by its own short procedure, which bars the guard', async () => {
    const id = residentId('44010619950808123');
    const { appId, pid } = await register('林海', id);

    const review = await server.http.get(`/api/tasks/${await server.waitForTask(pid, 'Task_EligibilityReview')}`).set('Authorization', `Bearer ${examiner.token}`);
    expect(review.body.variables.screeningResult).toBe('clear');
    expect((await completeTask(server, examiner, pid, 'Task_EligibilityReview', { screeningConfirmed: true, eligibilityDecision: 'eligible', eligibilityReason: '符合报考条件' })).status).toBe(200);
    await waitForStatus(server, unit.token, appId, 'eligible');

    // a failed first sitting leaves one free re-sit
    expect((await completeTask(server, examiner, pid, 'Task_EnterExamResult', { examDate: '2026-05-20', examScore: 52 })).status).toBe(200);
    await server.waitFor(async () => (await server.http.get(`/api/tasks/${await server.waitForTask(pid, 'Task_EnterExamResult')}`).set('Authorization', `Bearer ${examiner.token}`)).body.variables.examAttempts === 1, 'the re-sit');
    expect((await completeTask(server, examiner, pid, 'Task_EnterExamResult', { examDate: '2026-06-20', examScore: 78 })).status).toBe(200);
    expect((await completeTask(server, examiner, pid, 'Task_CertificateDecision', { certificateDecision: 'issue', certificateReason: '考试合格，予以核发' })).status).toBe(200);
    const app = await waitForStatus(server, unit.token, appId, 'granted');
    expect(app['certificate']).toMatchObject({ status: 'valid' });
    expect(app['certificate'].number).toMatch(/^BA2026440100\d{6}$/);
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['guard-certificate']);
    // anyone verifies the certificate by the number and code printed on it: valid, with the certificate's number
    const certificateDoc = app['officialDocuments'][0];
    const printed = await server.http.get(`/api/official-documents/${certificateDoc.id}`).set('Authorization', `Bearer ${unit.token}`);
    const code = /校验码[^A-Z0-9]*([A-Z0-9]{8})/.exec(printed.text)?.[1] as string;
    const verify = () => server.http.get('/api/public/verify').query({ number: certificateDoc.number, code });
    expect((await verify()).body).toMatchObject({ title: '保安员证', status: 'valid', licence: { number: app['certificate'].number, status: 'valid' } });

    // revocation: proposed by a guard reviewer of the city, decided by its leader
    const found = await server.http.get('/api/guard-certificates').query({ residentId: id }).set('Authorization', `Bearer ${examiner.token}`);
    expect(found.body).toHaveLength(1);
    const certId = found.body[0].id as string;
    // the lookup of a person's certificates is in the audit log, by ids only
    const lookups = (await server.auth.audit.list({ action: 'certificate.lookup', actor: examiner.id })).items;
    expect(lookups.at(-1)).toMatchObject({ subjectType: 'guard-certificate', subjectId: certId, details: { by: ['residentId'], found: [certId] } });
    expect(JSON.stringify(lookups)).not.toContain(id);
    const revocation = { values: { revocationGround: 'restrict-liberty', revocationFacts: '2026年7月1日在某商场限制顾客人身自由', statementOfDefence: '当事人放弃听证' } };
    const foreign = await server.officer('guard-reviewer-sz', ['guard-reviewer-440300']);
    const refused = await server.http.post(`/api/guard-certificates/${certId}/revocation`).set('Authorization', `Bearer ${foreign.token}`).send(revocation);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Only permit reviewers of 广州市 may propose revoking this certificate');
    const proposed = await server.http.post(`/api/guard-certificates/${certId}/revocation`).set('Authorization', `Bearer ${examiner.token}`).send(revocation);
    expect(proposed.status).toBe(201);
    expect((await completeTask(server, leader, proposed.body.processInstanceId, 'Task_RevocationDecision', { revocationDecision: 'revoke', revocationReason: '情节严重，吊销保安员证' })).status).toBe(200);
    await server.waitFor(async () => {
      const certs = await server.http.get('/api/guard-certificates').query({ residentId: id }).set('Authorization', `Bearer ${examiner.token}`);
      return certs.body[0].status === 'revoked';
    }, 'the revocation');
    // the certificate no longer proves anything: its verification says void, on the API and on the page of the QR code
    expect((await verify()).body).toMatchObject({ status: 'void', licence: { status: 'revoked' } });
    expect((await server.http.get('/verify').query({ number: certificateDoc.number, code })).text).toContain('该文书已作废');

    // registering again within 3 years: the screening finds the revocation
    const again = await register('林海', id);
    const second = await server.http.get(`/api/tasks/${await server.waitForTask(again.pid, 'Task_EligibilityReview')}`).set('Authorization', `Bearer ${examiner.token}`);
    expect(second.body.variables.screeningResult).toBe('hit');
  });

  it('shows a disqualifying record from the register to the reviewer, who refuses with reasons', async () => {
    const id = residentId('44010619930909234');
    const added = await server.http.post('/api/records').set('Authorization', `Bearer ${admin.token}`).send({
      residentId: id, name: '黄涛', recordType: 'criminal-punishment-intentional', occurredOn: '2015-03-01', source: '广州市公安局', note: '故意伤害罪',
    });
    expect(added.status).toBe(201);
    const { appId, pid } = await register('黄涛', id);
    const review = await server.http.get(`/api/tasks/${await server.waitForTask(pid, 'Task_EligibilityReview')}`).set('Authorization', `Bearer ${examiner.token}`);
    expect(review.body.variables.screeningResult).toBe('hit');
    expect((await completeTask(server, examiner, pid, 'Task_EligibilityReview', { screeningConfirmed: true, eligibilityDecision: 'ineligible', eligibilityReason: '曾因故意犯罪被刑事处罚，不得担任保安员' })).status).toBe(200);
    const app = await waitForStatus(server, unit.token, appId, 'refused');
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['certificate-refusal']);
  });

  it('refuses a registration of someone under 18, naming the ID number', async () => {
    const appId = await draftWithDocuments(server, unit, 'guard-certificate', registration('少年', residentId('44010620100101345')));
    const res = await server.http.post(`/api/applications/${appId}/submit`).set('Authorization', `Bearer ${unit.token}`);
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'residentId' })]);
  });
});
