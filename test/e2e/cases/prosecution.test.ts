import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { residentId, type ApplicationBody } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let investigator: TestUser;
let foreign: TestUser;

beforeAll(async () => {
  // Monday 2026-11-02, 10:00 in China
  server = await startLicensingServer({ startAt: new Date('2026-11-02T02:00:00Z') });
  investigator = await server.officer('case-gz', ['case-440100']);
  foreign = await server.officer('case-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

interface Clock { name: string; ruleId: string; status: string; startedAt: string; dueAt: string; warnAt: string }

async function complete(user: TestUser, pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  const res = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values });
  expect(res.status).toBe(200);
}

const view = async (id: string) => (await server.http.get(`/api/criminal-cases/${id}`).set('Authorization', `Bearer ${investigator.token}`)).body as ApplicationBody;
const clocksOf = (c: ApplicationBody, name: string) => (c['clocks'] as Clock[]).filter((k) => k.name === name);
const documentTypes = (c: ApplicationBody) => (c['documents'] as Array<{ type: string }>).map((d) => d.type);
const documentText = async (c: ApplicationBody, type: string) => {
  const doc = (c['documents'] as Array<{ id: string; type: string }>).find((d) => d.type === type);
  return (await server.http.get(`/api/official-documents/${doc?.id ?? 'none'}`).set('Authorization', `Bearer ${investigator.token}`)).text;
};
const decide = (id: string, body: Record<string, unknown>, user = investigator) =>
  server.http.post(`/api/criminal-cases/${id}/prosecution-decision`).set('Authorization', `Bearer ${user.token}`).send(body);
const inStatus = (id: string, status: string) => server.waitFor(async () => {
  const v = await view(id);
  return v['status'] === status ? v : null;
}, `status ${status}`);
const today = () => new Date(server.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const decision = (kind: string, extra: Record<string, unknown> = {}) => ({ decision: kind, procuratorate: '广州市天河区人民检察院', documentNumber: `穗天检〔2026〕${Math.floor(server.now().getTime() / 60_000) % 1000}号`, decidedOn: today(), ...extra });

/** A case whose suspect is on bail, transferred for prosecution and waiting for the procuratorate. */
async function transferred(name: string, prefix: string): Promise<{ id: string; pid: string; number: string }> {
  const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`)
    .send({ suspect: { name, residentId: residentId(prefix) }, regionCode: '440106', facts: `${name}在执勤中殴打顾客致其轻伤。` });
  expect(res.status).toBe(201);
  const { id, processInstanceId: pid, number } = res.body as { id: string; processInstanceId: string; number: string };
  // the acceptance receipt is issued at once; the next documents a minute later
  await server.waitForTask(pid, 'Task_FilingReview');
  await server.advance(60_000);
  await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '有犯罪事实，需要追究刑事责任' });
  await complete(investigator, pid, 'Task_Measure', { measure: 'bail', approvedBy: '分局局长', measureReason: '可能判处管制，不致发生社会危险性' });
  await server.waitForTask(pid, 'Task_EndInvestigation');
  await server.advance(60_000);
  await complete(investigator, pid, 'Task_EndInvestigation', {
    investigationOutcome: 'transfer-prosecution', procuratorate: '广州市天河区人民检察院', charge: '故意伤害罪',
    establishedFacts: `${name}因口角殴打顾客\n致顾客轻伤二级`, evidenceList: '被害人陈述\n伤情鉴定意见书\n监控录像', endReason: '犯罪事实清楚，证据确实充分',
  });
  await server.waitForTask(pid, 'Receive_ProsecutionDecision');
  await inStatus(id, 'prosecution-review');
  return { id, pid, number };
}

describe('transfer for prosecution (移送审查起诉) and supplementary investigation (补充侦查)', () => {
  it('waits for the procuratorate, returns for supplementary investigation within a month at most twice, refuses a third return, and closes when the procuratorate prosecutes', async () => {
    const { id, pid, number } = await transferred('蒋某', '44010619890909123');
    let c = await view(id);
    // the case stays open, the suspect on bail; the procuratorate has a month (2026-11-02 → 12-02)
    expect(c).toMatchObject({ status: 'prosecution-review', measure: 'bail', outcome: null, closedAt: null, prosecutionDecisions: [] });
    expect(clocksOf(c, 'prosecution')).toMatchObject([{ ruleId: 'KP', status: 'running', dueAt: '2026-12-02T15:59:59.999Z' }]);
    expect(clocksOf(c, 'measure')).toMatchObject([{ ruleId: 'K6', status: 'running' }]);
    expect(documentTypes(c)).toEqual(['case-acceptance-receipt', 'filing-decision', 'prosecution-recommendation']);
    const recommendation = await documentText(c, 'prosecution-recommendation');
    expect(recommendation).toContain('广州市天河区人民检察院');
    expect(recommendation).toContain('涉嫌故意伤害罪');
    expect(recommendation).toContain('被依法取保候审');
    expect(recommendation).toContain('监控录像');
    expect(recommendation).toContain('第一百六十二条');

    // first return, on Saturday 11-07: one month, to Monday 12-07
    await server.advanceTo(new Date('2026-11-07T02:00:00Z'));
    const first = await decide(id, decision('supplementary-investigation', { reasons: '补充调取被害人就医记录' }));
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true, ordinal: 1, decision: 'supplementary-investigation' });
    const taskId = await server.waitForTask(pid, 'Task_SupplementaryInvestigation');
    c = await inStatus(id, 'supplementary-investigation');
    expect(clocksOf(c, 'prosecution')[0]?.status).toBe('stopped');
    const supplementary = clocksOf(c, 'supplementary')[0]!;
    expect(supplementary).toMatchObject({ ruleId: 'K10', status: 'running', dueAt: '2026-12-07T15:59:59.999Z' });
    const task = (await server.http.get(`/api/tasks/${taskId}`).set('Authorization', `Bearer ${investigator.token}`)).body as { task: { due: string } };
    expect(task.task.due).toBe(supplementary.dueAt);
    // nothing to decide while the police investigate
    expect((await decide(id, decision('prosecute'))).status).toBe(409);

    // the investigators are warned before the month runs out
    await server.advanceTo(new Date(Date.parse(supplementary.warnAt) + 60_000));
    await server.waitFor(async () => ((await server.http.get('/api/inbox').query({ limit: 200 }).set('Authorization', `Bearer ${investigator.token}`)).body.items as Array<{ kind: string; body: string }>)
      .find((n) => n.kind === 'warning' && n.body.includes(number) && n.body.includes('补充侦查') && n.body.includes('2026-12-07')), 'the supplementary investigation warning');

    // done, the case goes back to the procuratorate, whose month starts again (no new recommendation)
    await complete(investigator, pid, 'Task_SupplementaryInvestigation', { supplementaryOutcome: 'transfer', supplementaryReport: '已调取被害人就医记录', endReason: '补充侦查完毕' });
    await server.waitForTask(pid, 'Receive_ProsecutionDecision');
    c = await inStatus(id, 'prosecution-review');
    expect(clocksOf(c, 'supplementary')[0]?.status).toBe('stopped');
    expect(clocksOf(c, 'prosecution').map((k) => k.status)).toEqual(['stopped', 'running']);
    expect(documentTypes(c)).toEqual(['case-acceptance-receipt', 'filing-decision', 'prosecution-recommendation']);

    // second return
    await server.advance(24 * 3600_000);
    const second = await decide(id, decision('supplementary-investigation', { reasons: '补充证人证言' }));
    expect(second.body).toMatchObject({ ordinal: 2, decision: 'supplementary-investigation' });
    await complete(investigator, pid, 'Task_SupplementaryInvestigation', { supplementaryOutcome: 'transfer', supplementaryReport: '已补充证人证言', endReason: '补充侦查完毕' });
    await server.waitForTask(pid, 'Receive_ProsecutionDecision');
    await inStatus(id, 'prosecution-review');

    // a third return is refused, and nothing changes
    await server.advance(24 * 3600_000);
    const third = await decide(id, decision('supplementary-investigation', { reasons: '再次补充' }));
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('SUPPLEMENTARY_INVESTIGATION_LIMIT');
    c = await view(id);
    expect(c['status']).toBe('prosecution-review');
    expect(c['prosecutionDecisions']).toHaveLength(2);
    expect(clocksOf(c, 'supplementary').map((k) => k.status)).toEqual(['stopped', 'stopped']);
    await server.waitForTask(pid, 'Receive_ProsecutionDecision');

    const prosecuted = await decide(id, decision('prosecute'));
    expect(prosecuted.body).toMatchObject({ ordinal: 3, decision: 'prosecute' });
    c = await inStatus(id, 'closed');
    expect(c['outcome']).toBe('prosecuted');
    expect((c['prosecutionDecisions'] as Array<{ decision: string }>).map((d) => d.decision)).toEqual(['supplementary-investigation', 'supplementary-investigation', 'prosecute']);
    expect(c['prosecutionDecisions']).toMatchObject([{ reasons: '补充调取被害人就医记录', recordedBy: 'case-gz' }, { reasons: '补充证人证言' }, { reasons: null }]);
    expect((c['clocks'] as Clock[]).every((k) => k.status === 'stopped')).toBe(true);
  });

  it('releases the suspect and closes the case when the procuratorate does not prosecute', async () => {
    const { id } = await transferred('沈某', '44010619900101234');
    const res = await decide(id, decision('not-prosecute', { reasons: '犯罪情节轻微，依法不需要判处刑罚' }));
    expect(res.status).toBe(202);
    const c = await inStatus(id, 'closed');
    expect(c).toMatchObject({ outcome: 'not-prosecuted', measure: 'none' });
    expect((c['clocks'] as Clock[]).every((k) => k.status === 'stopped')).toBe(true);
  });

  it('withdraws a case that the supplementary investigation clears, with a 撤销案件决定书 and the notice within 3 days', async () => {
    const { id, pid } = await transferred('韩某', '44010619910202345');
    expect((await decide(id, decision('supplementary-investigation', { reasons: '核实正当防卫情节' }))).status).toBe(202);
    const taskId = await server.waitForTask(pid, 'Task_SupplementaryInvestigation');
    const noGround = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${investigator.token}`)
      .send({ values: { supplementaryOutcome: 'withdraw', supplementaryReport: '监控显示系正当防卫', endReason: '不应追究刑事责任' } });
    expect(noGround.status).toBe(400);
    expect(noGround.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['withdrawGround']);
    await server.advance(60_000);
    await complete(investigator, pid, 'Task_SupplementaryInvestigation', { supplementaryOutcome: 'withdraw', supplementaryReport: '监控显示系正当防卫', withdrawGround: 'no-crime', endReason: '韩某的行为属于正当防卫' });
    await server.waitForTask(pid, 'Task_NotifyWithdrawal');
    let c = await view(id);
    expect(c).toMatchObject({ status: 'withdrawn', measure: 'none' });
    expect(clocksOf(c, 'supplementary')[0]?.status).toBe('stopped');
    expect(clocksOf(c, 'measure')[0]?.status).toBe('stopped');
    expect(clocksOf(c, 'withdrawalNotice')).toMatchObject([{ ruleId: 'K9', status: 'running' }]);
    expect(documentTypes(c)).toEqual(['case-acceptance-receipt', 'filing-decision', 'prosecution-recommendation', 'withdrawal-decision']);
    const withdrawal = await documentText(c, 'withdrawal-decision');
    expect(withdrawal).toContain('没有犯罪事实');
    expect(withdrawal).toContain('韩某的行为属于正当防卫');
    expect(withdrawal).toContain('解除对犯罪嫌疑人韩某的取保候审');
    await complete(investigator, pid, 'Task_NotifyWithdrawal', { notifiedParties: ['suspect', 'victim', 'transferring-agency'], noticeNote: '已电话告知并送达' });
    c = await inStatus(id, 'closed');
    expect(c['outcome']).toBe('withdrawn');
  });

  it('refuses a decision on a case not under review, out of the city, dated in the future or badly described, and records nothing', async () => {
    const opened = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`)
      .send({ suspect: { name: '杨某', residentId: residentId('44010619920303456') }, regionCode: '440106', facts: '杨某在执勤中殴打顾客致其轻伤。' });
    await server.waitForTask(opened.body.processInstanceId, 'Task_FilingReview');
    const notTransferred = await decide(opened.body.id, decision('prosecute'));
    expect(notTransferred.status).toBe(409);
    expect(notTransferred.body.code).toBe('CONFLICT');

    const { id } = await transferred('朱某', '44010619930404567');
    expect((await decide(id, decision('prosecute'), foreign)).status).toBe(404);
    const future = await decide(id, decision('prosecute', { decidedOn: '2027-01-01' }));
    expect(future.status).toBe(400);
    expect(future.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['decidedOn']);
    const bad = await decide(id, { decision: 'acquit', procuratorate: '', decidedOn: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['decision', 'procuratorate', 'documentNumber', 'decidedOn']));
    const c = await view(id);
    expect(c).toMatchObject({ status: 'prosecution-review', prosecutionDecisions: [] });
  });
});
