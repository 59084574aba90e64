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
const clockOf = (c: ApplicationBody, name: string) => (c['clocks'] as Array<{ name: string; ruleId: string; status: string; dueAt: string }>).filter((k) => k.name === name).at(-1);
const documentTypes = (c: ApplicationBody) => (c['documents'] as Array<{ type: string }>).map((d) => d.type);
const documentText = async (c: ApplicationBody, type: string) => {
  const doc = (c['documents'] as Array<{ id: string; type: string }>).find((d) => d.type === type);
  return (await server.http.get(`/api/official-documents/${doc?.id ?? 'none'}`).set('Authorization', `Bearer ${investigator.token}`)).text;
};
const inbox = async (user: TestUser) => (await server.http.get('/api/inbox').query({ limit: 200 }).set('Authorization', `Bearer ${user.token}`)).body.items as Array<{ kind: string; body: string }>;

async function opened(body: Record<string, unknown>): Promise<{ id: string; pid: string; number: string }> {
  const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`).send(body);
  expect(res.status).toBe(201);
  // the acceptance receipt is issued now; later documents get a later time
  await server.waitForTask(res.body.processInstanceId as string, 'Task_FilingReview');
  await server.advance(60_000);
  return { id: res.body.id as string, pid: res.body.processInstanceId as string, number: res.body.number as string };
}

describe('criminal case (刑事案件) with its custody clocks, through HTTP with the real workers', () => {
  it('counts custody periods in hours and days without extending them over the National Day holiday, extends the arrest request, waits for the procuratorate, transfers for prosecution and closes when the procuratorate prosecutes', async () => {
    const { id, pid } = await opened(suspect('赵某', '44010619900101123'));
    await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '有犯罪事实，需要追究刑事责任' });
    await complete(investigator, pid, 'Task_Measure', { measure: 'detention', approvedBy: '分局局长', measureReason: '现行犯，有逃跑可能' });
    await server.waitForTask(pid, 'Task_DetentionFormalities');
    let c = await view(id);
    expect(c).toMatchObject({ status: 'detained', measure: 'detention' });
    // 24 hours exactly (detained a minute after the case was received); the arrest request 3 days after the detention day, ending on 10-03 although that is a holiday
    expect(clockOf(c, 'detention')).toMatchObject({ dueAt: '2026-10-01T12:01:00.000Z' });
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
    await server.advance(60_000);
    await complete(investigator, pid, 'Task_EndInvestigationInCustody', {
      investigationOutcome: 'transfer-prosecution', procuratorate: '广州市天河区人民检察院', charge: '非法拘禁罪',
      establishedFacts: '2026年9月28日赵某在执勤中将顾客关押于保安室十小时\n致顾客轻伤', evidenceList: '被害人陈述\n伤情鉴定意见书', endReason: '犯罪事实清楚，证据确实充分',
    });
    // transferred, the case waits for the procuratorate instead of closing; the suspect stays in custody
    c = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'prosecution-review' ? v : null;
    }, 'the transfer');
    await server.waitForTask(pid, 'Receive_ProsecutionDecision');
    expect(c).toMatchObject({ measure: 'arrest', outcome: null, closedAt: null });
    expect(clockOf(c, 'custody')?.status).toBe('stopped');
    expect(clockOf(c, 'prosecution')).toMatchObject({ ruleId: 'KP', status: 'running' });
    expect(documentTypes(c)).toEqual(['case-acceptance-receipt', 'filing-decision', 'arrest-request', 'prosecution-recommendation']);
    const request = await documentText(c, 'arrest-request');
    expect(request).toContain('广州市天河区人民检察院');
    expect(request).toContain('2026年9月30日');
    const recommendation = await documentText(c, 'prosecution-recommendation');
    expect(recommendation).toContain('起诉意见书');
    expect(recommendation).toContain('涉嫌非法拘禁罪');
    expect(recommendation).toContain('伤情鉴定意见书');
    expect(recommendation).toContain('被依法逮捕');

    const prosecuted = await server.http.post(`/api/criminal-cases/${id}/prosecution-decision`).set('Authorization', `Bearer ${investigator.token}`)
      .send({ decision: 'prosecute', procuratorate: '广州市天河区人民检察院', documentNumber: '穗天检刑诉〔2026〕12号', decidedOn: '2026-10-01' });
    expect(prosecuted.status).toBe(202);
    c = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'closed' ? v : null;
    }, 'the closing');
    expect(c['outcome']).toBe('prosecuted');
    expect(c['prosecutionDecisions']).toMatchObject([{ ordinal: 1, decision: 'prosecute', procuratorate: '广州市天河区人民检察院', documentNumber: '穗天检刑诉〔2026〕12号', decidedOn: '2026-10-01' }]);
    expect((c['clocks'] as Array<{ status: string }>).every((k) => k.status === 'stopped')).toBe(true);
  });

  it('runs bail on its 12-month clock, withdraws a case with a 撤销案件决定书, lifts the bail, and closes once the parties are told within 3 days', async () => {
    const { id, pid, number } = await opened(suspect('钱某', '44010619910202234'));
    await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '立案侦查' });
    await complete(investigator, pid, 'Task_Measure', { measure: 'bail', approvedBy: '分局局长', measureReason: '可能判处管制，不致发生社会危险性' });
    await server.waitForTask(pid, 'Task_EndInvestigation');
    let c = await view(id);
    expect(c).toMatchObject({ status: 'on-bail', measure: 'bail' });
    expect(clockOf(c, 'measure')).toMatchObject({ status: 'running' });

    // a withdrawal names its ground
    const taskId = await server.waitForTask(pid, 'Task_EndInvestigation');
    const noGround = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${investigator.token}`).send({ values: { investigationOutcome: 'withdraw', endReason: '情节显著轻微' } });
    expect(noGround.status).toBe(400);
    expect(noGround.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['withdrawGround']);
    await complete(investigator, pid, 'Task_EndInvestigation', { investigationOutcome: 'withdraw', withdrawGround: 'trivial', endReason: '被害人伤情经鉴定为轻微伤\n情节显著轻微，不认为是犯罪' });
    await server.waitForTask(pid, 'Task_NotifyWithdrawal');
    c = await view(id);
    expect(c).toMatchObject({ status: 'withdrawn', measure: 'none', outcome: null });
    expect(clockOf(c, 'measure')?.status).toBe('stopped');
    // three days from the withdrawal on 2026-10-01: 10-04, rolled over the National Day holiday to 10-08
    expect(clockOf(c, 'withdrawalNotice')).toMatchObject({ ruleId: 'K9', status: 'running', dueAt: '2026-10-08T15:59:59.999Z' });
    expect(documentTypes(c)).toEqual(['case-acceptance-receipt', 'filing-decision', 'withdrawal-decision']);
    const decision = await documentText(c, 'withdrawal-decision');
    expect(decision).toContain('撤销案件决定书');
    expect(decision).toContain('情节显著轻微、危害不大，不认为是犯罪');
    expect(decision).toContain('被害人伤情经鉴定为轻微伤');
    expect(decision).toContain('解除对犯罪嫌疑人钱某的取保候审');

    // not told in time: the leaders are asked to see to it
    await server.advanceTo(new Date('2026-10-08T16:30:00Z'));
    await server.waitFor(async () => (await inbox(leader)).find((n) => n.kind === 'escalation' && n.body.includes(number)), 'the escalation');
    await complete(investigator, pid, 'Task_NotifyWithdrawal', { notifiedParties: ['suspect', 'victim'], noticeNote: '10月9日当面告知钱某及被害人' });
    c = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'closed' ? v : null;
    }, 'the closing');
    expect(c['outcome']).toBe('withdrawn');
    expect(clockOf(c, 'withdrawalNotice')?.status).toBe('stopped');
  });

  it('receives a suspected crime from an administrative case, linked both ways', async () => {
    const admin = await server.http.post('/api/cases').set('Authorization', `Bearer ${investigator.token}`).send({ party: { kind: 'person', name: '孙某', identifier: residentId('44010619920303345') }, regionCode: '440106', facts: '保安员孙某殴打顾客致其受伤。' });
    await complete(investigator, admin.body.processInstanceId, 'Task_Investigate', {
      establishedFacts: '孙某殴打顾客致其轻伤二级', evidenceList: '伤情鉴定意见书', violationId: 'art43', proposedDecision: 'transfer-criminal', investigationReason: '涉嫌故意伤害罪',
    });
    const criminalId = await server.waitFor(async () => {
      const vars = await server.http.get('/engine-rest/history/variable-instance').query({ processInstanceId: admin.body.processInstanceId, variableName: 'criminalCaseId' }).set('Authorization', server.engineAuthorization());
      return (vars.body as Array<{ value: string }>)[0]?.value;
    }, 'the criminal case');
    const c = await server.waitFor(async () => {
      const v = await view(criminalId);
      return documentTypes(v).length > 0 ? v : null;
    }, 'the acceptance receipt');
    expect(c).toMatchObject({ sourceType: 'admin-case', sourceId: admin.body.id, sourceReference: admin.body.number, suspectName: '孙某', status: 'filing-review' });
    expect(c['facts']).toContain('孙某殴打顾客致其轻伤二级');
    // received for filing review, with a receipt saying where from
    expect(documentTypes(c)).toEqual(['case-acceptance-receipt']);
    const receipt = await documentText(c, 'case-acceptance-receipt');
    expect(receipt).toContain('受案回执');
    expect(receipt).toContain(`行政案件（${admin.body.number as string}）移送`);
    expect(receipt).toContain(c['number'] as string);
    expect(receipt).toContain('立案审查');
    await server.waitFor(async () => ((await server.http.get(`/api/cases/${admin.body.id}`).set('Authorization', `Bearer ${investigator.token}`)).body as ApplicationBody)['decision'] === 'transferred-criminal', 'the administrative side');
  });

  it('addresses the acceptance receipt to the reporter who brought the matter', async () => {
    const { id } = await opened({ ...suspect('吴某', '44010619950606678'), reporterName: '顾客陈某' });
    const c = await server.waitFor(async () => {
      const v = await view(id);
      return documentTypes(v).length > 0 ? v : null;
    }, 'the acceptance receipt');
    const receipt = await documentText(c, 'case-acceptance-receipt');
    expect(receipt).toContain('顾客陈某');
    expect(receipt).toContain('你（单位）报称的吴某涉嫌犯罪一案');
    expect(receipt).toContain('可凭本回执');
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
