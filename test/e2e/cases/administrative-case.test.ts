import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { creditCode, type ApplicationBody } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let intake: TestUser;
let station: TestUser;
let caseOfficer: TestUser;
let legalOfficer: TestUser;
let leader: TestUser;
let foreignCase: TestUser;

const COMPANY = { name: '广州平安保安服务有限公司', creditCode: creditCode('91440101MA5CXXXX0') };

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  intake = await server.officer('intake-gz', ['tip-intake-440100']);
  station = await server.officer('station-tianhe', ['station-440106']);
  caseOfficer = await server.officer('case-gz', ['case-440100']);
  legalOfficer = await server.officer('legal-gz', ['legal-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  foreignCase = await server.officer('case-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

async function complete(user: TestUser, pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  const res = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values });
  expect(res.status).toBe(200);
  return res;
}

const caseView = async (user: TestUser, id: string) => (await server.http.get(`/api/cases/${id}`).set('Authorization', `Bearer ${user.token}`)).body as ApplicationBody;

async function instanceOf(businessKey: string): Promise<string> {
  return server.waitFor(async () => {
    const list = await server.http.get('/engine-rest/process-instance').query({ businessKey }).set('Authorization', server.engineAuthorization());
    return (list.body as Array<{ id: string }>)[0]?.id;
  }, `the process of ${businessKey}`);
}

describe('administrative case (行政案件) through HTTP with the real workers', () => {
  // first, while the clock still stands at the start date
  it('extends the time limit of a case under investigation by 30 days once, with the recorded approval', async () => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'person', name: '吴某' }, regionCode: '440106', facts: '保安员吴某无证上岗且多次殴打他人。' });
    const pid = opened.body.processInstanceId as string;
    await server.waitForTask(pid, 'Task_Investigate');
    const before = await server.waitFor(async () => (await caseView(caseOfficer, opened.body.id))['clocks'][0], 'the case clock');
    expect(before.dueAt).toBe('2026-11-11T15:59:59.999Z');
    expect((await caseView(caseOfficer, opened.body.id))['extension']).toBeNull();
    const approval = { approvedBy: '广州市公安局', approvalDocument: '穗公法〔2026〕12号' };
    expect((await server.http.post(`/api/cases/${opened.body.id}/extension`).set('Authorization', `Bearer ${caseOfficer.token}`).send(approval)).status).toBe(403);
    expect((await server.http.post(`/api/cases/${opened.body.id}/extension`).set('Authorization', `Bearer ${leader.token}`).send({ approvedBy: '' })).status).toBe(400);
    expect((await server.http.post(`/api/cases/${opened.body.id}/extension`).set('Authorization', `Bearer ${leader.token}`).send(approval)).status).toBe(202);
    // 60 days from 2026-10-12 is 12-11, a Friday
    await server.waitFor(async () => ((await caseView(caseOfficer, opened.body.id))['clocks'][0] as { dueAt: string }).dueAt === '2026-12-11T15:59:59.999Z', 'the extended clock');
    await server.waitForTask(pid, 'Task_Investigate');
    expect((await server.http.post(`/api/cases/${opened.body.id}/extension`).set('Authorization', `Bearer ${leader.token}`).send(approval)).status).toBe(409);
    // the case says so: who approved it, by which document, who recorded it and when; the refused second one left no trace
    expect((await caseView(caseOfficer, opened.body.id))['extension']).toEqual({ ...approval, by: leader.id, recordedAt: '2026-10-12T02:00:00.000Z' });
  });

  it('opens from a verified tip, runs notice, hearing, legal review, collective discussion and decision, and closes with the penalty served', async () => {
    // a tip verified as a violation opens the case, linked both ways
    const reported = await server.http.post('/api/public/tips').send({
      anonymous: true, category: 'company-violation', subject: { name: COMPANY.name, creditCode: COMPANY.creditCode }, regionCode: '440106',
      facts: '该公司自2026年9月起在深圳市某银行提供保安服务，未办理跨区域备案。',
    });
    const { trackingCode, secret } = reported.body as { trackingCode: string; secret: string };
    const tipPid = await instanceOf(trackingCode);
    await complete(intake, tipPid, 'Task_Triage', { triageDecision: 'accept', stationGroup: 'station-440106', verificationDays: 10, triageReason: '指派核查' });
    await complete(station, tipPid, 'Task_Verify', { verificationFindings: '合同显示2026年9月1日起在深圳提供服务，未备案', verificationOutcome: 'administrative-case', feedback: '经核查，反映的问题属实，已立案调查。' });
    const caseId = await server.waitFor(async () => {
      const vars = await server.http.get('/engine-rest/history/variable-instance').query({ processInstanceId: tipPid, variableName: 'caseId' }).set('Authorization', server.engineAuthorization());
      return (vars.body as Array<{ value: string }>)[0]?.value;
    }, 'the case of the tip');
    let c = await caseView(caseOfficer, caseId);
    expect(c).toMatchObject({ sourceType: 'tip', sourceReference: trackingCode, partyName: COMPANY.name, partyIdentifier: COMPANY.creditCode, status: 'investigating' });
    expect(c['number']).toMatch(/^XZ2026440100\d{6}$/);
    const reference = (await server.http.get(`/api/tasks/${await server.waitForTask(c['processInstanceId'], 'Task_Investigate')}`).set('Authorization', `Bearer ${caseOfficer.token}`)).body.variables.sourceReference;
    expect(reference).toBe(trackingCode);
    // accepted with a receipt naming where the case came from; the next documents come later
    await server.advance(60_000);
    // the complainant learns the outcome, not the case's internals
    const tracked = await server.waitFor(async () => {
      const res = await server.http.get(`/api/public/tips/${trackingCode}`).set('X-Tip-Secret', secret);
      return res.body.stage === '已办结' ? res.body : null;
    }, 'the feedback');
    expect(JSON.stringify(tracked)).not.toContain(c['number'] as string);

    const pid = c['processInstanceId'] as string;
    const clock = await server.waitFor(async () => (await caseView(caseOfficer, caseId))['clocks'][0], 'the case clock');
    // 30 calendar days from 2026-10-12: 11-11, a Wednesday
    expect(clock).toMatchObject({ name: 'case', ruleId: 'A7', dueAt: '2026-11-11T15:59:59.999Z' });
    const investigate = {
      establishedFacts: '2026年9月1日起在深圳市福田区为某银行提供保安服务\n未向深圳市公安局办理跨区域提供保安服务备案',
      evidenceList: '保安服务合同\n派驻保安员名单\n询问笔录', violationId: 'art42-2', proposedDecision: 'penalty',
      proposedPenalty: '警告，并处罚款人民币二万元', proposedFine: 20_000, investigationReason: '违法事实清楚，情节严重',
    };
    await complete(caseOfficer, pid, 'Task_Investigate', investigate);
    // a unit fine of 20 000 yuan carries the right to a hearing, and needs collective discussion
    const statementTask = await server.http.get(`/api/tasks/${await server.waitForTask(pid, 'Task_Statement')}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(statementTask.status).toBe(200);
    expect(statementTask.body.variables).toMatchObject({ hearingRight: true, collectiveDiscussion: true });
    const noReport = await server.http.post(`/api/tasks/${await server.waitForTask(pid, 'Task_Statement')}/complete`).set('Authorization', `Bearer ${caseOfficer.token}`).send({ values: { statementSummary: '当事人要求听证', hearingRequested: 'yes' } });
    expect(noReport.status).toBe(400);
    expect(noReport.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['hearingReport']);
    await complete(caseOfficer, pid, 'Task_Statement', { statementSummary: '当事人称已于10月补办备案，请求从轻处罚', hearingRequested: 'yes', hearingReport: '听证认为违法事实清楚，当事人事后补办备案，可酌情从轻' });

    // the legal review sends it back once, then passes
    await complete(legalOfficer, pid, 'Task_LegalReview', { reviewResult: 'return', reviewOpinion: '请补充派驻时间的证据', factsClear: true });
    await complete(caseOfficer, pid, 'Task_Investigate', { ...investigate, evidenceList: `${investigate.evidenceList}\n考勤记录` });
    await complete(caseOfficer, pid, 'Task_Statement', { statementSummary: '当事人无新的陈述', hearingRequested: 'no' });
    await complete(legalOfficer, pid, 'Task_LegalReview', { reviewResult: 'pass', reviewOpinion: '事实清楚，证据充分，程序合法', factsClear: true, evidenceSufficient: true, lawCorrect: true, procedureLawful: true });
    await server.advance(3 * 24 * 3600_000);
    await complete(leader, pid, 'Task_CollectiveDiscussion', { participants: '局长、分管副局长、法制大队长', discussionConclusion: '同意给予警告并处罚款二万元' });
    const noBasis = await server.http.post(`/api/tasks/${await server.waitForTask(pid, 'Task_Decide')}/complete`).set('Authorization', `Bearer ${leader.token}`).send({ values: { decision: 'penalty', decisionPenalty: '警告，并处罚款人民币二万元', fineAmount: 20_000, decisionReason: '集体讨论决定' } });
    expect(noBasis.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['decisionLegalBasis']);
    await complete(leader, pid, 'Task_Decide', { decision: 'penalty', decisionLegalBasis: '《保安服务管理条例》第四十二条第一款第（二）项', decisionPenalty: '警告，并处罚款人民币二万元', fineAmount: 20_000, decisionReason: '集体讨论决定' });
    await complete(caseOfficer, pid, 'Task_ServeAndEnforce', { servedDate: '2026-10-20', serviceMethod: 'direct', finePaid: 'paid', enforcementNote: '已于10月28日缴纳' });

    c = await server.waitFor(async () => {
      const v = await caseView(caseOfficer, caseId);
      return v['status'] === 'closed' ? v : null;
    }, 'the closing');
    expect(c).toMatchObject({ decision: 'penalty', violationId: 'art42-2', penalty: '警告，并处罚款人民币二万元', fineAmount: 20_000 });
    expect(c['violation']).toEqual({ id: 'art42-2', violation: '未按照规定进行备案或者撤销备案', basis: '《保安服务管理条例》第四十二条第一款第（二）项' });
    expect(c['documents'].map((d: { type: string }) => d.type)).toEqual(['case-acceptance-receipt', 'penalty-prior-notice', 'penalty-prior-notice', 'penalty-decision']);
    const receipt = await server.http.get(`/api/official-documents/${c['documents'][0].id}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(receipt.text).toContain(`投诉举报线索（${trackingCode}）`);
    expect(receipt.text).toContain(c['number'] as string);
    const decision = await server.http.get(`/api/official-documents/${c['documents'][3].id}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(decision.text).toContain('《保安服务管理条例》第四十二条第一款第（二）项');
    expect(decision.text).toContain('听证');
    expect(decision.text).toContain('广州市人民政府申请行政复议');
    expect(c['clocks'][0].status).toBe('stopped');

    // the tip shows the case it opened
    const tipView = await server.http.get(`/api/tips/${c['sourceId']}`).set('Authorization', `Bearer ${intake.token}`);
    expect(tipView.body.case).toMatchObject({ id: caseId, number: c['number'] });
  });

  it('decides not to penalise a case opened directly, after the legal review', async () => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({
      party: { kind: 'unit', ...{ name: '广州某物业服务有限公司', identifier: creditCode('91440101MA5DYYYY1') } }, regionCode: '440106', facts: '群众反映该物业公司保安在小区外执勤。',
    });
    expect(opened.status).toBe(201);
    const pid = opened.body.processInstanceId as string;
    await server.waitForTask(pid, 'Task_Investigate');
    await server.advance(60_000);
    await complete(caseOfficer, pid, 'Task_Investigate', { establishedFacts: '保安仅在本小区出入口执勤', evidenceList: '现场检查笔录', violationId: 'art42-3', proposedDecision: 'no-penalty', investigationReason: '违法事实不能成立' });
    await complete(legalOfficer, pid, 'Task_LegalReview', { reviewResult: 'pass', reviewOpinion: '同意不予处罚' });
    await complete(leader, pid, 'Task_Decide', { decision: 'no-penalty', decisionLegalBasis: '《中华人民共和国行政处罚法》第五十七条第一款第（三）项', noPenaltyReasons: '违法事实不能成立', decisionReason: '同意' });
    await complete(caseOfficer, pid, 'Task_ServeAndEnforce', { servedDate: '2026-10-15', serviceMethod: 'direct' });
    const closed = await server.waitFor(async () => {
      const v = await caseView(caseOfficer, opened.body.id);
      return v['status'] === 'closed' ? v : null;
    }, 'the closing');
    expect(closed).toMatchObject({ decision: 'no-penalty', sourceType: 'direct' });
    expect(closed['documents'].map((d: { type: string }) => d.type)).toEqual(['case-acceptance-receipt', 'no-penalty-decision']);
    // every step completed through its form is in the audit log, by the officer who completed it
    const completions = (await server.auth.audit.list({ action: 'task.complete', order: 'asc', limit: 200 })).items.map((e) => ({ actor: e.actor, details: e.details as Record<string, unknown> })).filter((e) => e.details['processInstanceId'] === pid);
    expect(completions.map((e) => [e.actor, e.details['activityId']])).toEqual([
      ['case-gz', 'Task_Investigate'], ['legal-gz', 'Task_LegalReview'], ['leader-gz', 'Task_Decide'], ['case-gz', 'Task_ServeAndEnforce'],
    ]);
  });

  it('opens a case from an inspection that found a violation', async () => {
    const planned = await server.http.post('/api/inspections').set('Authorization', `Bearer ${station.token}`).send({
      kind: 'unannounced', unit: COMPANY, regionCode: '440106', inspectorGroup: 'station-440106',
    });
    await complete(station, planned.body.processInstanceId, 'Task_Inspect', {
      inspectedDate: '2026-10-12', inspectors: '陈警官、刘警官', checkedItems: ['certificates'], inspectionResult: 'case', findingsText: '3名保安员未取得保安员证上岗', signedByUnit: true,
    });
    const inspection = await server.waitFor(async () => {
      const v = (await server.http.get(`/api/inspections/${planned.body.id}`).set('Authorization', `Bearer ${station.token}`)).body as ApplicationBody;
      return v['case'] ? v : null;
    }, 'the case of the inspection');
    const opened = await caseView(caseOfficer, inspection['case'].id);
    expect(opened).toMatchObject({ sourceType: 'inspection', sourceId: planned.body.id, sourceReference: planned.body.number, partyName: COMPANY.name });
    expect(opened['facts']).toContain('3名保安员未取得保安员证上岗');
  });

  it('refuses a fine above the maximum of the violated article, and one below its minimum unless mitigated on a ground of 行政处罚法第三十二条', async () => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({
      party: { kind: 'unit', name: '广州某保安服务有限公司', identifier: creditCode('91440101MA5FZZZZ3') }, regionCode: '440106',
      facts: '群众举报该公司未按规定留存监控影像资料。', reporterName: '举报人刘某',
    });
    expect(opened.status).toBe(201);
    const { id, processInstanceId: pid, number } = opened.body as { id: string; processInstanceId: string; number: string };
    const investigateTask = await server.waitForTask(pid, 'Task_Investigate');
    await server.advance(60_000);

    // accepted, with a receipt for the reporter
    let c = await caseView(caseOfficer, id);
    expect(c['documents'].map((d: { type: string }) => d.type)).toEqual(['case-acceptance-receipt']);
    const receipt = await server.http.get(`/api/official-documents/${c['documents'][0].id}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(receipt.text).toContain('举报人刘某');
    expect(receipt.text).toContain('你（单位）报称的广州某保安服务有限公司涉嫌违法一案');
    expect(receipt.text).toContain(number);

    // art42-7 fines 10 000 to 50 000 yuan
    const proposal = { establishedFacts: '监控影像资料仅保存7日', evidenceList: '现场检查笔录', violationId: 'art42-7', proposedDecision: 'penalty', proposedPenalty: '警告，并处罚款', investigationReason: '违法事实清楚' };
    const propose = (values: Record<string, unknown>) => server.http.post(`/api/tasks/${investigateTask}/complete`).set('Authorization', `Bearer ${caseOfficer.token}`).send({ values: { ...proposal, ...values } });
    const paths = (res: { body: { details: { issues: Array<{ path: string }> } } }) => res.body.details.issues.map((i) => i.path);
    const tooHigh = await propose({ proposedFine: 60_000 });
    expect(tooHigh.status).toBe(400);
    expect(paths(tooHigh)).toEqual(['proposedFine']);
    const tooLow = await propose({ proposedFine: 5_000 });
    expect(tooLow.status).toBe(400);
    expect(paths(tooLow)).toEqual(['proposedMitigated']);
    const noGround = await propose({ proposedFine: 5_000, proposedMitigated: true });
    expect(noGround.status).toBe(400);
    expect(paths(noGround)).toEqual(['proposedMitigationGround']);
    // refused submissions leave the task open and the case untouched
    const stillOpen = await server.http.get(`/api/tasks/${investigateTask}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(stillOpen.status).toBe(200);
    expect(stillOpen.body.variables).not.toHaveProperty('proposedFine');
    expect((await propose({ proposedFine: 5_000, proposedMitigated: true, proposedMitigationGround: 'art32-1' })).status).toBe(200);

    // a mitigated 5 000 yuan fine for a unit: no hearing right, no collective discussion, flagged for the legal review
    const statement = await server.http.get(`/api/tasks/${await server.waitForTask(pid, 'Task_Statement')}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(statement.body.variables).toMatchObject({ hearingRight: false, collectiveDiscussion: false, fineOutOfRange: true });
    await complete(caseOfficer, pid, 'Task_Statement', { statementSummary: '当事人承认违法事实，已主动恢复保存', hearingRequested: 'no' });
    await complete(legalOfficer, pid, 'Task_LegalReview', { reviewResult: 'pass', reviewOpinion: '符合减轻处罚条件' });

    const decideTask = await server.waitForTask(pid, 'Task_Decide');
    const decisionValues = { decision: 'penalty', decisionLegalBasis: '《保安服务管理条例》第四十二条第一款第（七）项', decisionPenalty: '警告，并处罚款人民币五千元', decisionReason: '当事人主动消除危害后果' };
    const decide = (values: Record<string, unknown>) => server.http.post(`/api/tasks/${decideTask}/complete`).set('Authorization', `Bearer ${leader.token}`).send({ values: { ...decisionValues, ...values } });
    const aboveMax = await decide({ fineAmount: 50_001 });
    expect(aboveMax.status).toBe(400);
    expect(paths(aboveMax)).toEqual(['fineAmount']);
    const unstated = await decide({ fineAmount: 5_000 });
    expect(unstated.status).toBe(400);
    expect(paths(unstated)).toEqual(['mitigated']);
    expect((await decide({ fineAmount: 5_000, mitigated: true, mitigationGround: 'art32-1' })).status).toBe(200);
    await complete(caseOfficer, pid, 'Task_ServeAndEnforce', { servedDate: '2026-10-14', serviceMethod: 'direct', finePaid: 'paid', enforcementNote: '当场缴纳' });

    c = await server.waitFor(async () => {
      const v = await caseView(caseOfficer, id);
      return v['status'] === 'closed' ? v : null;
    }, 'the closing');
    expect(c).toMatchObject({ decision: 'penalty', violationId: 'art42-7', fineAmount: 5_000 });
    const decisionDoc = (c['documents'] as Array<{ id: string; type: string }>).find((d) => d.type === 'penalty-decision');
    const decided = await server.http.get(`/api/official-documents/${decisionDoc?.id ?? 'none'}`).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(decided.text).toContain('行政处罚决定书');
    expect(decided.text).toContain('主动消除或者减轻违法行为危害后果');
    expect(decided.text).toContain('第三十二条第（一）项');
    expect(decided.text).toContain('减轻处罚');
  });

  it('keeps cases to the officers of their city, and names bad input', async () => {
    const body = { party: { kind: 'person', name: '王某' }, regionCode: '440106', facts: '保安员王某限制他人人身自由。' };
    expect((await server.http.post('/api/cases').set('Authorization', `Bearer ${foreignCase.token}`).send(body)).status).toBe(403);
    expect((await server.http.post('/api/cases').set('Authorization', `Bearer ${station.token}`).send(body)).status).toBe(403);
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send(body);
    expect(opened.status).toBe(201);
    expect((await server.http.get(`/api/cases/${opened.body.id}`).set('Authorization', `Bearer ${foreignCase.token}`)).status).toBe(404);
    const bad = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'robot', name: '' }, regionCode: '44', facts: '短' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['party.kind', 'party.name', 'regionCode', 'facts']));
  });
});
