import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { residentId, type ApplicationBody } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

const HOUR = 3600_000;

let server: LicensingServer;
let investigator: TestUser;
let legal: TestUser;
let leader: TestUser;
let foreign: TestUser;

beforeAll(async () => {
  // Wednesday 2026-09-30, 20:00 in China: the National Day holiday runs 10-01 to 10-07
  server = await startLicensingServer({ startAt: new Date('2026-09-30T12:00:00Z') });
  investigator = await server.officer('case-gz', ['case-440100']);
  legal = await server.officer('legal-gz', ['legal-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  foreign = await server.officer('case-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

const suspect = (name: string, prefix: string) => ({ suspect: { name, residentId: residentId(prefix) }, regionCode: '440106', facts: `${name}在执勤中非法拘禁他人，致人轻伤。` });

async function complete(user: TestUser, pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  const res = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values });
  expect(res.status).toBe(200);
}

const view = async (id: string, user = investigator) => (await server.http.get(`/api/criminal-cases/${id}`).set('Authorization', `Bearer ${user.token}`)).body as ApplicationBody;
const clockOf = (c: ApplicationBody, name: string) => (c['clocks'] as Array<{ name: string; status: string; dueAt: string }>).filter((k) => k.name === name).at(-1);

async function opened(body: Record<string, unknown>): Promise<{ id: string; pid: string }> {
  const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`).send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, pid: res.body.processInstanceId as string };
}

describe('criminal case (刑事案件) with its custody clocks, through HTTP with the real workers', () => {
  it('counts custody periods in hours and days without extending them over the National Day holiday, extends the arrest request, and waits for the procuratorate', async () => {
    const { id, pid } = await opened(suspect('赵某', '44010619900101123'));
    await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '有犯罪事实，需要追究刑事责任' });
    await complete(investigator, pid, 'Task_Measure', { measure: 'detention', approvedBy: '分局局长', measureReason: '现行犯，有逃跑可能' });
    await server.waitForTask(pid, 'Task_DetentionFormalities');
    let c = await view(id);
    expect(c).toMatchObject({ status: 'detained', measure: 'detention' });
    // 24 hours exactly; the arrest request 3 days after the detention day, ending on 10-03 although that is a holiday
    expect(clockOf(c, 'detention')).toMatchObject({ dueAt: '2026-10-01T12:00:00.000Z' });
    expect(clockOf(c, 'arrestRequest')).toMatchObject({ dueAt: '2026-10-03T15:59:59.999Z' });

    // the 24-hour formalities warn the investigators before they run out
    await server.advance(20 * HOUR);
    await server.waitFor(async () => ((await server.http.get('/api/inbox').set('Authorization', `Bearer ${investigator.token}`)).body.items as Array<{ kind: string; body: string }>).find((n) => n.kind === 'warning' && n.body.includes('24小时')), 'the 24-hour warning');
    await complete(investigator, pid, 'Task_DetentionFormalities', { transferredToCentre: true, familyNotified: 'yes', interrogated: true });

    // the arrest request is extended to 7 days from the detention, still counted through the holiday
    await complete(investigator, pid, 'Task_ArrestRequest', { arrestRequest: 'extend', extensionDays: '7', extensionGround: 'special', requestReason: '案情复杂，经分局局长批准延长' });
    c = await server.waitFor(async () => {
      const v = await view(id);
      return clockOf(v, 'arrestRequest')?.dueAt === '2026-10-07T15:59:59.999Z' ? v : null;
    }, 'the extension');
    await complete(investigator, pid, 'Task_ArrestRequest', { arrestRequest: 'request', procuratorate: '广州市天河区人民检察院', requestReason: '证据确实，提请批准逮捕' });
    await server.waitForTask(pid, 'Receive_ProcuratorateDecision');
    c = await view(id);
    expect(c['status']).toBe('arrest-requested');
    expect(clockOf(c, 'arrestRequest')?.status).toBe('stopped');
    expect(clockOf(c, 'procuratorate')?.status).toBe('running');

    const decided = await server.http.post(`/api/criminal-cases/${id}/procuratorate-decision`).set('Authorization', `Bearer ${investigator.token}`).send({ approved: true, decidedOn: '2026-10-05', documentNumber: '穗天检捕〔2026〕88号' });
    expect(decided.status).toBe(202);
    await server.waitForTask(pid, 'Task_EndInvestigationInCustody');
    c = await view(id);
    expect(c).toMatchObject({ status: 'arrested', measure: 'arrest' });
    expect(clockOf(c, 'custody')?.status).toBe('running');
    await complete(investigator, pid, 'Task_EndInvestigationInCustody', { investigationOutcome: 'transfer-prosecution', endReason: '犯罪事实清楚，证据确实充分' });
    c = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'closed' ? v : null;
    }, 'the transfer');
    expect(c['outcome']).toBe('transferred-for-prosecution');
    expect((c['documents'] as Array<{ type: string }>).map((d) => d.type)).toEqual(['filing-decision', 'arrest-request']);
    const request = await server.http.get(`/api/official-documents/${(c['documents'] as Array<{ id: string }>)[1]!.id}`).set('Authorization', `Bearer ${investigator.token}`);
    expect(request.text).toContain('广州市天河区人民检察院');
    expect(request.text).toContain('2026年9月30日');
    expect((c['clocks'] as Array<{ status: string }>).every((k) => k.status === 'stopped')).toBe(true);
  });

  it('runs bail on its 12-month clock and withdraws a case', async () => {
    const { id, pid } = await opened(suspect('钱某', '44010619910202234'));
    await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '立案侦查' });
    await complete(investigator, pid, 'Task_Measure', { measure: 'bail', approvedBy: '分局局长', measureReason: '可能判处管制，不致发生社会危险性' });
    await server.waitForTask(pid, 'Task_EndInvestigation');
    const c = await view(id);
    expect(c).toMatchObject({ status: 'on-bail', measure: 'bail' });
    expect(clockOf(c, 'measure')).toMatchObject({ status: 'running' });
    await complete(investigator, pid, 'Task_EndInvestigation', { investigationOutcome: 'withdraw', endReason: '情节显著轻微，不认为是犯罪' });
    await server.waitFor(async () => (await view(id))['outcome'] === 'withdrawn', 'the withdrawal');
  });

  it('receives a suspected crime from an administrative case, linked both ways', async () => {
    const admin = await server.http.post('/api/cases').set('Authorization', `Bearer ${investigator.token}`).send({ party: { kind: 'person', name: '孙某', identifier: residentId('44010619920303345') }, regionCode: '440106', facts: '保安员孙某殴打顾客致其受伤。' });
    await complete(investigator, admin.body.processInstanceId, 'Task_Investigate', {
      establishedFacts: '孙某殴打顾客致其轻伤二级', evidenceList: '伤情鉴定意见书', violationId: 'art43', proposedDecision: 'transfer-criminal', investigationReason: '涉嫌故意伤害罪',
    });
    const criminalId = await server.waitFor(async () => {
      const vars = await server.http.get('/engine-rest/history/variable-instance').query({ processInstanceId: admin.body.processInstanceId, variableName: 'criminalCaseId' }).set('Authorization', `Bearer ${leader.token}`);
      return (vars.body as Array<{ value: string }>)[0]?.value;
    }, 'the criminal case');
    const c = await view(criminalId);
    expect(c).toMatchObject({ sourceType: 'admin-case', sourceId: admin.body.id, sourceReference: admin.body.number, suspectName: '孙某', status: 'filing-review' });
    expect(c['facts']).toContain('孙某殴打顾客致其轻伤二级');
    await server.waitFor(async () => ((await server.http.get(`/api/cases/${admin.body.id}`).set('Authorization', `Bearer ${investigator.token}`)).body as ApplicationBody)['decision'] === 'transferred-criminal', 'the administrative side');
  });

  it('refuses a procuratorate decision nobody waits for, keeps cases to their city, and names bad input', async () => {
    const { id, pid } = await opened(suspect('李某', '44010619930404456'));
    await server.waitForTask(pid, 'Task_FilingReview');
    expect((await server.http.post(`/api/criminal-cases/${id}/procuratorate-decision`).set('Authorization', `Bearer ${investigator.token}`).send({ approved: true, decidedOn: '2026-10-05', documentNumber: 'X' })).status).toBe(409);
    expect((await server.http.get(`/api/criminal-cases/${id}`).set('Authorization', `Bearer ${foreign.token}`)).status).toBe(404);
    expect((await view(id, legal))['status']).toBe('filing-review');
    expect((await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${foreign.token}`).send(suspect('周某', '44010619940505567'))).status).toBe(403);
    const bad = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`).send({ suspect: { name: '', residentId: '123' }, regionCode: 'x', facts: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['suspect.name', 'suspect.residentId', 'regionCode', 'facts']));
    const badDecision = await server.http.post(`/api/criminal-cases/${id}/procuratorate-decision`).set('Authorization', `Bearer ${investigator.token}`).send({ approved: 'yes', decidedOn: '5 Oct' });
    expect(badDecision.status).toBe(400);
    expect(badDecision.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['approved', 'decidedOn', 'documentNumber']));
  });
});
