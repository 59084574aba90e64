import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { draftWithDocuments, permitApplicationData, registerApplicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// a whole procedure with real workers, stopped and sent again: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let operator: TestUser;
let manager: TestUser;
let officer: TestUser;
let processInstanceId: string;
let applicationNumber: string;

interface Incident {
  id: string; type: string; message: string | null; at: string; processInstanceId: string | null; processDefinitionKey: string | null;
  procedureName: string | null; version: number | null; activityId: string | null; activityName: string | null; businessKey: string | null;
  retryable: boolean; calendarYear: number | null;
}

const list = async (user: TestUser = operator, query: Record<string, string> = {}) => {
  const res = await server.http.get('/api/incidents').query(query).set('Authorization', `Bearer ${user.token}`);
  expect(res.status).toBe(200);
  return res.body as { items: Incident[]; total: number };
};
const retry = (body: unknown, user: TestUser = operator) =>
  server.http.post('/api/incidents/retry').set('Authorization', `Bearer ${user.token}`).set('Accept-Language', 'zh-CN').send(body as object);

beforeAll(async () => {
  // given: Monday 2026-12-28 in China, and a permit application submitted now, whose acceptance clock reaches 2027, a year
  // the bundled holiday calendar lacks: its step stops with an incident once the worker's attempts are spent
  server = await startLicensingServer({ startAt: new Date('2026-12-28T02:00:00Z') });
  operator = await server.officer('incident-operator', ['engine-operator']);
  manager = await server.officer('incident-manager', ['process-manager']);
  officer = await server.officer('incident-reviewer', ['permit-reviewer-440100']);
  const applicant = await registerApplicant(server, 'incident');
  const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
  const submitted = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
  expect(submitted.status).toBe(200);
  processInstanceId = submitted.body.processInstanceId as string;
  applicationNumber = submitted.body.number as string;
  await server.waitFor(async () => {
    await server.advance(30_000);
    return (await list()).total > 0;
  }, 'the acceptance clock\'s step to stop');
});

afterAll(async () => {
  await server?.close();
});

describe('the stopped steps of procedures (流程异常)', () => {
  it('lists an incident with its procedure, version, case number and step by name, and why it stopped', async () => {
    const { items, total } = await list();
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({
      type: 'failedExternalTask', processInstanceId, processDefinitionKey: 'security-company-permit', version: 1,
      activityId: 'Task_StartAcceptanceClock', activityName: '开始受理审查计时（5个工作日）', businessKey: applicationNumber,
      retryable: true, calendarYear: 2027,
    });
    expect(items[0]?.procedureName).toBeTruthy();
    expect(items[0]?.message).toMatch(/^The holiday calendar has no data for 2027/);
    // the managers see them too; filtered by procedure
    expect((await list(manager, { processDefinitionKey: 'security-company-permit' })).total).toBe(1);
    expect((await list(manager, { processDefinitionKey: 'tip-verification' })).total).toBe(0);
  });

  it('shows an incident with the error details its worker left', async () => {
    const [incident] = (await list()).items;
    const res = await server.http.get(`/api/incidents/${incident?.id}`).set('Authorization', `Bearer ${operator.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: incident?.id, activityId: 'Task_StartAcceptanceClock' });
    expect(res.body.details).toContain('CalendarYearNotCoveredError');
    expect((await server.http.get('/api/incidents/no-such-incident').set('Authorization', `Bearer ${operator.token}`)).status).toBe(404);
  });

  it('is not for officers', async () => {
    expect((await server.http.get('/api/incidents').set('Authorization', `Bearer ${officer.token}`)).status).toBe(403);
    expect((await retry({ ids: [(await list()).items[0]?.id] }, officer)).status).toBe(403);
  });

  it('retries all the incidents named or none: an unknown one is named, and the others stay as they were', async () => {
    const [incident] = (await list()).items;
    const res = await retry({ ids: [incident?.id, 'no-such-incident'] });
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([{ path: 'ids.1', message: 'no-such-incident 不是待处理的异常（可能已处理）' }]);
    expect((await list()).items.map((i) => i.id)).toEqual([incident?.id]);
    expect((await retry({ ids: [] })).status).toBe(400);
    expect(await server.auth.audit.list({ action: 'incident.retry' })).toMatchObject({ items: [] });
  });

  it('sends a step again with fresh attempts, attributed in the audit log', async () => {
    const [incident] = (await list()).items;
    const res = await retry({ ids: [incident?.id] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: [incident?.id] });
    const [entry] = (await server.auth.audit.list({ action: 'incident.retry' })).items;
    expect(entry).toMatchObject({ actor: operator.id, subjectType: 'incident', subjectId: incident?.id, details: { processInstanceId, activityId: 'Task_StartAcceptanceClock' } });
    // the worker takes the step again; 2027 is still missing, so it stops again after its new attempts
    await server.waitFor(async () => {
      await server.advance(30_000);
      const again = (await list()).items;
      return again.length === 1 && again[0]?.id !== incident?.id;
    }, 'the step to be taken again and to stop again');
  });
});
