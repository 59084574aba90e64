import { jest } from '@jest/globals';
import { RevocationEntity } from '../../../src/licensing/revocation.entity.js';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, draftWithDocuments, registerApplicant, residentId, waitForStatus, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let proposer: TestUser;
let leader: TestUser;
let foreignReviewer: TestUser;
let foreignLeader: TestUser;
let unit: Applicant;
let certificate: { id: string; number: string };

const as = (user: TestUser) => ({
  get: (path: string, query: Record<string, string> = {}) => server.http.get(path).query(query).set('Authorization', `Bearer ${user.token}`),
  post: (path: string, body: unknown = {}) => server.http.post(path).set('Authorization', `Bearer ${user.token}`).send(body as object),
});

const PROPOSAL = { values: { revocationGround: 'seize-property', revocationFacts: '2026年10月1日在某小区扣押业主身份证件', statementOfDefence: '当事人放弃陈述申辩' } };

const proposalsOf = (certificateId: string) => server.db.dataSource.getRepository(RevocationEntity).find({ where: { certificateId }, order: { proposedAt: 'ASC' } });

const startedRow = async (user: TestUser, pid: string) => {
  const started = await as(user).get('/api/workbench/started', { procedure: 'guard-certificate-revocation' });
  expect(started.status).toBe(200);
  return (started.body.items as Array<{ processInstanceId: string }>).find((i) => i.processInstanceId === pid);
};

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  proposer = await server.officer('guard-rv', ['guard-reviewer-440100']);
  leader = await server.officer('leader-rv', ['leader-440100']);
  foreignReviewer = await server.officer('guard-rv-sz', ['guard-reviewer-440300']);
  foreignLeader = await server.officer('leader-rv-sz', ['leader-440300']);
  unit = await registerApplicant(server, 'peixun-rv', { kind: 'training-unit' });

  // a guard certificate issued by its own procedure, in 广州市天河区
  const appId = await draftWithDocuments(server, unit, 'guard-certificate', {
    name: '赵磊', residentId: residentId('44010619960606123'), education: 'senior-middle', regionCode: '440106', householdAddress: '广东省广州市天河区某街1号',
    currentAddress: '广东省广州市天河区某街1号', healthCertified: true, phone: '13600136000',
  });
  const submitted = await server.http.post(`/api/applications/${appId}/submit`).set('Authorization', `Bearer ${unit.token}`);
  expect(submitted.status).toBe(200);
  const pid = submitted.body.processInstanceId as string;
  expect((await completeTask(server, proposer, pid, 'Task_EligibilityReview', { screeningConfirmed: true, eligibilityDecision: 'eligible', eligibilityReason: '符合报考条件' })).status).toBe(200);
  expect((await completeTask(server, proposer, pid, 'Task_EnterExamResult', { examDate: '2026-10-20', examScore: 80 })).status).toBe(200);
  expect((await completeTask(server, proposer, pid, 'Task_CertificateDecision', { certificateDecision: 'issue', certificateReason: '考试合格，予以核发' })).status).toBe(200);
  const app = await waitForStatus(server, unit.token, appId, 'granted');
  certificate = { id: app['certificate'].id as string, number: app['certificate'].number as string };
});

afterAll(async () => {
  await server?.close();
});

describe('a proposed revocation of a guard certificate (吊销保安员证) as a procedure of the workbench', () => {
  it('is in the proposer\'s 我发起的 with its kind and number, has a case file its proposer and the city\'s officers read, and is hidden from another city', async () => {
    const proposed = await as(proposer).post(`/api/guard-certificates/${certificate.id}/revocation`, PROPOSAL);
    expect(proposed.status).toBe(201);
    const pid = proposed.body.processInstanceId as string;
    await server.waitForTask(pid, 'Task_RevocationDecision');

    expect(await startedRow(proposer, pid)).toMatchObject({
      kind: 'revocation', procedureKey: 'guard-certificate-revocation', number: certificate.number, party: '赵磊', jurisdiction: '440106', status: 'proposed', startedBy: 'guard-rv',
    });
    // the counts of the workbench count it too
    expect((await as(proposer).get('/api/workbench/counts')).body.started).toBeGreaterThanOrEqual(1);

    const file = await as(proposer).get(`/api/workbench/procedures/${pid}`);
    expect(file.status).toBe(200);
    expect(file.body.case).toMatchObject({ kind: 'revocation', number: certificate.number, party: '赵磊', jurisdiction: '440106', status: 'proposed' });
    const recordId = file.body.case.recordId as string;
    const record = await as(proposer).get(`/api/guard-certificates/revocations/${recordId}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      id: recordId, processInstanceId: pid, certificateNumber: certificate.number, guardName: '赵磊', regionCode: '440106', ground: 'seize-property',
      facts: PROPOSAL.values.revocationFacts, statementOfDefence: PROPOSAL.values.statementOfDefence, status: 'proposed', outcome: null, proposedBy: 'guard-rv', decidedAt: null,
      certificate: { id: certificate.id, number: certificate.number, holderName: '赵磊', status: 'valid' }, officialDocuments: [],
    });
    // the city's leader, who decides, reads the same
    expect((await as(leader).get(`/api/workbench/procedures/${pid}`)).body.case).toMatchObject({ kind: 'revocation', recordId });
    expect((await as(leader).get(`/api/guard-certificates/revocations/${recordId}`)).status).toBe(200);

    // another city's officers: neither the file nor the proposal exists for them
    for (const stranger of [foreignReviewer, foreignLeader]) {
      expect((await as(stranger).get(`/api/workbench/procedures/${pid}`)).status).toBe(404);
      const hidden = await as(stranger).get(`/api/guard-certificates/revocations/${recordId}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
      expect(await startedRow(stranger, pid)).toBeUndefined();
    }

    // a second proposal while this one runs is refused and records nothing
    const twice = await as(proposer).post(`/api/guard-certificates/${certificate.id}/revocation`, PROPOSAL);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toBe(`A revocation of ${certificate.number} is already under way`);
    expect((await proposalsOf(certificate.id)).map((p) => p.processInstanceId)).toEqual([pid]);

    // the leader admonishes instead: the procedure ends, and the proposal says so
    expect((await completeTask(server, leader, pid, 'Task_RevocationDecision', { revocationDecision: 'admonish', revocationReason: '情节较轻，予以训诫' })).status).toBe(200);
    const ended = await server.waitFor(async () => {
      const row = await startedRow(proposer, pid) as { status: string } | undefined;
      return row?.status === 'not-revoked' ? row : null;
    }, 'the end of the revocation procedure');
    expect(ended).toMatchObject({ kind: 'revocation', number: certificate.number });
    const decided = await as(proposer).get(`/api/guard-certificates/revocations/${recordId}`);
    expect(decided.body).toMatchObject({ status: 'not-revoked', outcome: 'admonish', decisionReason: '情节较轻，予以训诫', certificate: { status: 'valid' }, officialDocuments: [] });
    expect(decided.body.decidedAt).toEqual(expect.any(String));
    const closed = await server.waitFor(async () => {
      const res = await as(proposer).get(`/api/workbench/procedures/${pid}`);
      return res.body.state === 'COMPLETED' ? res.body : null;
    }, 'the end of the process');
    expect(closed.case).toMatchObject({ kind: 'revocation', status: 'not-revoked' });
  });

  it('leaves no proposal behind when its procedure cannot start', async () => {
    const before = await proposalsOf(certificate.id);
    const suspend = (suspended: boolean) => server.http.put('/engine-rest/process-definition/key/guard-certificate-revocation/suspended')
      .set('Authorization', server.engineAuthorization()).send({ suspended });
    expect((await suspend(true)).status).toBe(204);
    try {
      const refused = await as(proposer).post(`/api/guard-certificates/${certificate.id}/revocation`, PROPOSAL);
      // the managers have suspended the procedure: the refusal says so
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('PROCEDURE_SUSPENDED');
    } finally {
      expect((await suspend(false)).status).toBe(204);
    }
    expect(await proposalsOf(certificate.id)).toEqual(before);
  });

  it('records one of two proposals sent at the same moment, and refuses the other', async () => {
    const before = (await proposalsOf(certificate.id)).length;
    const answers = await Promise.all([1, 2].map(() => as(proposer).post(`/api/guard-certificates/${certificate.id}/revocation`, PROPOSAL)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const proposals = await proposalsOf(certificate.id);
    expect(proposals).toHaveLength(before + 1);
    const pid = answers.find((a) => a.status === 201)?.body.processInstanceId as string;
    expect(proposals.filter((p) => p.status === 'proposed').map((p) => p.processInstanceId)).toEqual([pid]);

    // the leader dismisses it: the certificate is free for a later proposal
    await server.waitForTask(pid, 'Task_RevocationDecision');
    expect((await completeTask(server, leader, pid, 'Task_RevocationDecision', { revocationDecision: 'dismiss', revocationReason: '证据不足，不予处理' })).status).toBe(200);
    await server.waitFor(async () => (await proposalsOf(certificate.id)).every((p) => p.status !== 'proposed'), 'the dismissal to be recorded');
    // (and the procedure to end: while it runs, the engine still counts a revocation under way)
    await server.waitFor(async () => (await as(proposer).get(`/api/workbench/procedures/${pid}`)).body.state === 'COMPLETED', 'the end of the process');
  });

  it('ends as revoked once the leader revokes, with the 吊销保安员证决定书 in its case file', async () => {
    const proposed = await as(proposer).post(`/api/guard-certificates/${certificate.id}/revocation`, PROPOSAL);
    expect(proposed.status).toBe(201);
    const pid = proposed.body.processInstanceId as string;
    expect((await completeTask(server, leader, pid, 'Task_RevocationDecision', { revocationDecision: 'revoke', revocationReason: '情节严重，吊销保安员证' })).status).toBe(200);
    const recordId = (await as(proposer).get(`/api/workbench/procedures/${pid}`)).body.case.recordId as string;
    const record = await server.waitFor(async () => {
      const res = await as(proposer).get(`/api/guard-certificates/revocations/${recordId}`);
      return res.body.status === 'revoked' && res.body.officialDocuments.length > 0 ? res.body : null;
    }, 'the revocation and its decision');
    expect(record).toMatchObject({ outcome: 'revoke', decisionReason: '情节严重，吊销保安员证', certificate: { status: 'revoked' } });
    expect(record.officialDocuments.map((d: { type: string }) => d.type)).toEqual(['certificate-revocation']);
    expect(await startedRow(proposer, pid)).toMatchObject({ kind: 'revocation', status: 'revoked' });
    // the decision is the case file's: its proposer opens it
    expect((await as(proposer).get(`/api/official-documents/${record.officialDocuments[0].id}`)).status).toBe(200);
    // every proposal stays on record, each with how it ended
    expect((await proposalsOf(certificate.id)).map((p) => p.status).sort()).toEqual(['not-revoked', 'not-revoked', 'revoked']);

    // the city's supervision counts all three among the procedures started, under their procedure; another city's does not
    const figures = (user: TestUser) => as(user).get('/api/supervision/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'procedures-started', groupBy: 'procedure' });
    const rows = (await figures(leader)).body.rows as Array<{ procedure: string; count: number }>;
    expect(rows.find((r) => r.procedure === 'guard-certificate-revocation')?.count).toBe(3);
    expect(((await figures(foreignLeader)).body.rows as Array<{ procedure: string }>).map((r) => r.procedure)).not.toContain('guard-certificate-revocation');
  });
});
