import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, draftWithDocuments, permitApplicationData, registerApplicant, waitForStatus, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

let server: LicensingServer;
let applicant: Applicant;
let reviewer: TestUser;

beforeAll(async () => {
  // Monday 2026-10-12, 10:00 in China
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  applicant = await registerApplicant(server, 'portal-company');
  reviewer = await server.officer('portal-reviewer', ['permit-reviewer-440100']);
});

afterAll(async () => {
  await server?.close();
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('what the companies\' web pages read: the application form of a procedure and the clock of each application', () => {
  it('answers the form-js schema of a procedure\'s application form, the one submissions are checked against', async () => {
    const res = await server.http.get('/api/procedures/security-company-permit/form').set(as(applicant.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'security-company-permit-application', type: 'default' });
    const keys = JSON.stringify(res.body.components);
    for (const key of ['companyName', 'regionCode', 'registeredCapital', 'legalRepresentative', 'managers', 'contactPhone']) expect(keys).toContain(`"${key}"`);
    const filing = await server.http.get('/api/procedures/in-house-guard-filing/form').set(as(applicant.token));
    expect(filing.body.id).toBe('in-house-guard-filing-application');
  });

  it('answers 404 naming a procedure that does not exist, and 401 without a token', async () => {
    const res = await server.http.get('/api/procedures/no-such-procedure/form').set(as(applicant.token));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-procedure');
    expect((await server.http.get('/api/procedures/security-company-permit/form')).status).toBe(401);
  });

  it('lists each application with the clock it runs on now: none for a draft, the acceptance clock once submitted, the correction clock when a correction is asked', async () => {
    const draft = (await server.http.post('/api/applications').set(as(applicant.token)).send({ procedure: 'security-company-permit', data: {} })).body.id as string;
    const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
    const submitted = await server.http.post(`/api/applications/${id}/submit`).set(as(applicant.token));
    expect(submitted.status).toBe(200);
    await server.waitFor(async () => (await server.http.get(`/api/applications/${id}`).set(as(applicant.token))).body.clocks.length > 0, 'the acceptance clock');

    let list = await server.http.get('/api/applications').set(as(applicant.token));
    expect(list.status).toBe(200);
    const line = (appId: string) => list.body.items.find((i: { id: string }) => i.id === appId);
    expect(line(draft).clock).toBeNull();
    expect(line(id).clock).toMatchObject({ name: 'acceptance', status: 'running', colour: 'normal', unit: 'workingDays', remaining: 5, overdue: false });

    expect((await completeTask(server, reviewer, submitted.body.processInstanceId, 'Task_AcceptanceCheck', { acceptanceDecision: 'correct', correctionItems: '公司章程：缺少全体股东签字', acceptanceReason: '材料不齐全' })).status).toBe(200);
    await waitForStatus(server, applicant.token, id, 'correction-requested');
    list = await server.http.get('/api/applications').set(as(applicant.token));
    expect(line(id).status).toBe('correction-requested');
    expect(line(id).clock).toMatchObject({ name: 'correction', status: 'running' });
  });
});
