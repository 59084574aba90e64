import { jest } from '@jest/globals';
import type { EngineClient } from '../../../src/engine-client/engine-client.js';
import { Workbench, type WorkbenchDeps } from '../../../src/workbench/workbench.js';
import { TaskActionEntity } from '../../../src/workbench/workbench.entity.js';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let caseOfficer: TestUser;
let colleague: TestUser;
let legalOfficer: TestUser;
let leader: TestUser;
let deputy: TestUser;
let foreign: TestUser;

beforeAll(async () => {
  // the lists read the engine two tasks at a time, so that every filter on the case is tried over several pages
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z'), licensing: { listReadPage: 2 } });
  caseOfficer = await server.officer('case-gz', ['case-440100']);
  colleague = await server.officer('case-gz-2', ['case-440100']);
  legalOfficer = await server.officer('legal-gz', ['legal-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  deputy = await server.officer('leader-gz-2', ['leader-440100']);
  foreign = await server.officer('case-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

const as = (user: TestUser) => ({
  get: (path: string, query: Record<string, unknown> = {}) => server.http.get(`/api/workbench${path}`).query(query).set('Authorization', `Bearer ${user.token}`),
  post: (path: string, body: unknown = {}) => server.http.post(`/api/workbench${path}`).set('Authorization', `Bearer ${user.token}`).send(body as object),
});

/** The notifications of a user's inbox (its own and its groups'), newest first. */
async function inboxOf(user: TestUser): Promise<Array<{ kind: string; title: string; recipient: string; subject: { kind: string; id: string } | null }>> {
  return (await server.http.get('/api/inbox').query({ limit: 200 }).set('Authorization', `Bearer ${user.token}`)).body.items;
}

async function openCase(party: string): Promise<{ id: string; number: string; processInstanceId: string }> {
  const res = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'unit', name: party }, regionCode: '440106', facts: `${party}未经备案在本市提供保安服务。` });
  expect(res.status).toBe(201);
  return res.body;
}

const INVESTIGATION = {
  establishedFacts: '2026年9月1日起在深圳市福田区为某银行提供保安服务', evidenceList: '保安服务合同\n询问笔录', violationId: 'art42-2', proposedDecision: 'penalty',
  proposedPenalty: '警告，并处罚款人民币二万元', proposedFine: 20_000, investigationReason: '违法事实清楚，情节严重',
};

describe('the officers workbench (待办 / 已办 / 我发起的 / 抄送我的) and its task operations', () => {
  it('lists a new case under 待办 for the officers of its city only, with its number, party, jurisdiction and clock colour', async () => {
    const opened = await openCase('广州甲保安服务有限公司');
    const taskId = await server.waitForTask(opened.processInstanceId, 'Task_Investigate');
    await server.waitFor(async () => ((await as(caseOfficer).get('/todo', { number: opened.number })).body.items[0]?.colour ?? null), 'the case clock');

    const todo = await as(caseOfficer).get('/todo', { number: opened.number });
    expect(todo.status).toBe(200);
    expect(todo.body.items).toEqual([expect.objectContaining({
      id: taskId, name: expect.any(String), assignee: null, procedureKey: 'administrative-case', colour: 'normal', overdue: false,
      case: { kind: 'admin-case', recordId: opened.id, number: opened.number, party: '广州甲保安服务有限公司', jurisdiction: '440106', status: 'investigating' },
    })]);
    expect((await as(caseOfficer).get('/todo', { party: '甲保安', scope: 'claimable' })).body.total).toBe(1);
    expect((await as(caseOfficer).get('/todo', { party: '甲保安', scope: 'assigned' })).body.total).toBe(0);
    expect((await as(caseOfficer).get('/todo', { party: '甲保安', jurisdiction: '440300' })).body.total).toBe(0);
    expect((await as(caseOfficer).get('/todo', { party: '甲保安', colour: 'red' })).body.total).toBe(0);
    expect((await as(foreign).get('/todo', { number: opened.number })).body.total).toBe(0);
    // to an officer of another city the task does not exist
    expect((await as(foreign).get(`/tasks/${taskId}`)).status).toBe(404);
    expect((await as(foreign).post(`/tasks/${taskId}/claim`)).status).toBe(404);

    const started = await as(caseOfficer).get('/started', { number: opened.number });
    expect(started.body).toMatchObject({ total: 1, items: [{ number: opened.number, procedureKey: 'administrative-case', startedBy: 'case-gz', colour: 'normal' }] });
    const counts = await as(caseOfficer).get('/counts');
    expect(counts.body).toMatchObject({ claimable: expect.any(Number), assigned: 0 });
    expect(counts.body.claimable).toBeGreaterThanOrEqual(1);
  });

  it('filters, sorts and pages 已办, 我发起的 and 抄送我的 by the case, its jurisdiction, its clock colour and the date', async () => {
    // given: two cases investigated by the case officer, one of them copied to the leader
    const first = await openCase('广州壬保安服务有限公司');
    const second = await openCase('广州癸保安服务有限公司');
    for (const c of [first, second]) {
      const taskId = await server.waitForTask(c.processInstanceId, 'Task_Investigate');
      expect((await as(caseOfficer).post(`/tasks/${taskId}/complete`, { values: INVESTIGATION })).status).toBe(200);
    }
    const statement = await server.waitForTask(second.processInstanceId, 'Task_Statement');
    expect((await as(caseOfficer).post(`/tasks/${statement}/carbon-copy`, { userIds: ['leader-gz'] })).status).toBe(200);
    const names = (res: { body: { items: Array<{ case: { party: string } | null; party?: string }> } }) => res.body.items.map((i) => i.case?.party ?? i.party);

    // 已办
    expect(names(await as(caseOfficer).get('/done', { party: '壬保安' }))).toEqual(['广州壬保安服务有限公司']);
    expect((await as(caseOfficer).get('/done', { party: '保安', jurisdiction: '440300' })).body.total).toBe(0);
    expect((await as(caseOfficer).get('/done', { party: '壬保安', colour: 'red' })).body.total).toBe(0);
    expect((await as(caseOfficer).get('/done', { party: '壬保安', colour: 'normal' })).body).toMatchObject({ total: 1, items: [{ colour: 'normal' }] });
    const oldestFirst = await as(caseOfficer).get('/done', { sort: 'started', order: 'asc', limit: 1, offset: 0 });
    expect(oldestFirst.body.items).toHaveLength(1);
    expect(Date.parse(oldestFirst.body.items[0].started)).toBeLessThanOrEqual(Date.parse((await as(caseOfficer).get('/done', { sort: 'started', order: 'desc', limit: 1 })).body.items[0].started));
    expect((await as(caseOfficer).get('/done', { endedAfter: new Date(server.now().getTime() + 60_000).toISOString() })).body.total).toBe(0);

    // 我发起的
    const mine = await as(caseOfficer).get('/started', { party: '保安服务', jurisdiction: '440106', order: 'asc' });
    expect(names(mine).indexOf('广州壬保安服务有限公司')).toBeLessThan(names(mine).indexOf('广州癸保安服务有限公司'));
    expect((await as(caseOfficer).get('/started', { jurisdiction: '440300' })).body.total).toBe(0);
    expect((await as(caseOfficer).get('/started', { party: '癸保安', colour: 'normal' })).body).toMatchObject({ total: 1, items: [{ number: second.number }] });

    // 抄送我的
    expect(names(await as(leader).get('/copies', { party: '癸保安' }))).toEqual(['广州癸保安服务有限公司']);
    expect((await as(leader).get('/copies', { party: '壬保安' })).body.total).toBe(0);
    expect((await as(leader).get('/copies', { number: second.number, procedure: 'administrative-case' })).body.total).toBe(1);

    // bad filters name the parameter
    const bad = await as(caseOfficer).get('/done', { colour: 'purple', sort: 'due', endedAfter: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['colour', 'endedAfter', 'sort']);
  });

  it('filters every one of the caller\'s tasks by the case, not a first batch of them', async () => {
    // given: five cases of parties with a common name, more than the two tasks the lists read per request
    const tasks: string[] = [];
    for (const party of ['广州同名一保安服务有限公司', '广州同名二保安服务有限公司', '广州同名三保安服务有限公司', '广州同名四保安服务有限公司', '广州同名五保安服务有限公司']) {
      tasks.push(await server.waitForTask((await openCase(party)).processInstanceId, 'Task_Investigate'));
      await server.advance(1000);
    }

    // 待办: all five match, and paging walks through them in creation order
    expect((await as(caseOfficer).get('/todo', { party: '同名' })).body.total).toBe(5);
    const pages = [];
    for (let offset = 0; offset < 5; offset += 2) pages.push(...(await as(caseOfficer).get('/todo', { party: '同名', sort: 'created', order: 'asc', offset, limit: 2 })).body.items.map((i: { id: string }) => i.id));
    expect(pages).toEqual(tasks);
    expect((await as(caseOfficer).get('/todo', { party: '同名', jurisdiction: '440106', colour: 'normal' })).body.total).toBe(5);
    expect((await as(caseOfficer).get('/todo', { party: '同名', jurisdiction: '440106', colour: 'yellow' })).body.total).toBe(0);
    // a pattern character in a filter is matched as itself
    expect((await as(caseOfficer).get('/todo', { party: '同名%' })).body.total).toBe(0);
    expect((await as(caseOfficer).get('/todo', { party: '同_' })).body.total).toBe(0);

    // 已办: three of them done, all three found behind the caller's other finished tasks
    for (const taskId of tasks.slice(0, 3)) expect((await as(caseOfficer).post(`/tasks/${taskId}/complete`, { values: INVESTIGATION })).status).toBe(200);
    const done = await as(caseOfficer).get('/done', { party: '同名', jurisdiction: '440100', limit: 2 });
    expect(done.body.total).toBe(3);
    expect(done.body.items).toHaveLength(2);
    const open = (await as(caseOfficer).get('/todo', { party: '同名', limit: 100 })).body.items.map((i: { id: string }) => i.id);
    expect(open).toEqual(expect.arrayContaining(tasks.slice(3)));
    expect(open).not.toEqual(expect.arrayContaining([tasks[0]]));
  });

  it('answers bad list filters with 400 naming the parameter', async () => {
    const res = await as(caseOfficer).get('/todo', { colour: 'purple', limit: 0 });
    expect(res.status).toBe(400);
    expect(res.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['colour', 'limit']);
    expect((await server.http.get('/api/workbench/todo')).status).toBe(401);
  });

  it('claims, releases, transfers within the candidate group, delegates and resolves back, each recorded with who and the comment', async () => {
    const opened = await openCase('广州乙保安服务有限公司');
    const taskId = await server.waitForTask(opened.processInstanceId, 'Task_Investigate');
    expect((await as(caseOfficer).post(`/tasks/${taskId}/claim`, { comment: '我来办' })).status).toBe(200);
    expect((await as(colleague).post(`/tasks/${taskId}/claim`)).status).toBe(403);
    expect((await as(caseOfficer).get('/todo', { number: opened.number, scope: 'assigned' })).body.total).toBe(1);
    expect((await as(caseOfficer).post(`/tasks/${taskId}/unclaim`)).status).toBe(200);
    expect((await as(caseOfficer).post(`/tasks/${taskId}/claim`)).status).toBe(200);

    // 转办 only to someone who handles this step, never across jurisdictions
    const toForeign = await as(caseOfficer).post(`/tasks/${taskId}/transfer`, { userId: 'case-sz', comment: '请协办' });
    expect(toForeign.status).toBe(400);
    expect(toForeign.body.code).toBe('TASK_TARGET_NOT_ELIGIBLE');
    expect((await as(caseOfficer).post(`/tasks/${taskId}/transfer`, { userId: 'case-gz-2' })).status).toBe(400);
    await server.officer('case-gz-retired', ['case-440100']);
    await server.auth.identity.setDisabled('case-gz-retired', true);
    const toDisabled = await as(caseOfficer).post(`/tasks/${taskId}/transfer`, { userId: 'case-gz-retired', comment: '请您承办' });
    expect(toDisabled.status).toBe(400);
    expect(toDisabled.body.details.issues[0].message).toBe('is disabled');
    expect((await as(caseOfficer).post(`/tasks/${taskId}/transfer`, { userId: 'case-gz-2', comment: '请您承办' })).status).toBe(200);
    let detail = await as(colleague).get(`/tasks/${taskId}`);
    expect(detail.body.task.assignee).toBe('case-gz-2');
    // the new handler's notification opens the task
    expect((await inboxOf(colleague)).find((n) => n.title.startsWith('转办任务：'))).toMatchObject({ kind: 'assignment', subject: { kind: 'task', id: taskId } });

    // 委派 and back
    expect((await as(colleague).post(`/tasks/${taskId}/delegate`, { userId: 'case-gz', comment: '请核对合同' })).status).toBe(200);
    detail = await as(caseOfficer).get(`/tasks/${taskId}`);
    expect(detail.body.task).toMatchObject({ assignee: 'case-gz', owner: 'case-gz-2', delegationState: 'PENDING' });
    expect(detail.body.operations).toContain('resolve');
    expect(detail.body.operations).not.toContain('complete');
    expect((await as(caseOfficer).post(`/tasks/${taskId}/complete`, { values: INVESTIGATION })).status).toBe(400);
    expect((await inboxOf(caseOfficer)).find((n) => n.title.startsWith('委派任务：'))).toMatchObject({ kind: 'assignment', subject: { kind: 'task', id: taskId } });
    expect((await as(caseOfficer).post(`/tasks/${taskId}/resolve`, { comment: '合同已核对' })).status).toBe(200);
    expect((await inboxOf(colleague)).find((n) => n.title.startsWith('委派已办结：'))).toMatchObject({ kind: 'assignment', subject: { kind: 'task', id: taskId } });
    detail = await as(colleague).get(`/tasks/${taskId}`);
    expect(detail.body.task).toMatchObject({ assignee: 'case-gz-2', delegationState: 'RESOLVED' });
    expect(detail.body.actions.map((a: { action: string; actor: string; comment: string | null }) => [a.action, a.actor, a.comment])).toEqual([
      ['claim', 'case-gz', '我来办'], ['unclaim', 'case-gz', null], ['claim', 'case-gz', null], ['transfer', 'case-gz', '请您承办'],
      ['delegate', 'case-gz-2', '请核对合同'], ['resolve', 'case-gz', '合同已核对'],
    ]);

    // and each of them is in the audit chain, attributed to who did it
    const auditor = await server.officer('auditor-wb', ['auditor']);
    const audit = await server.http.get('/api/admin/audit').query({ action: 'task', subjectId: taskId, order: 'asc' }).set('Authorization', `Bearer ${auditor.token}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string; actor: string; details: { comment?: string } }) => [e.action, e.actor, e.details.comment ?? null])).toEqual([
      ['task.claim', 'case-gz', '我来办'], ['task.unclaim', 'case-gz', null], ['task.claim', 'case-gz', null], ['task.transfer', 'case-gz', '请您承办'],
      ['task.delegate', 'case-gz-2', '请核对合同'], ['task.resolve', 'case-gz', '合同已核对'],
    ]);
    expect((await server.http.get('/api/admin/audit/verify').set('Authorization', `Bearer ${auditor.token}`)).body).toMatchObject({ ok: true });
  });

  it('sends a task back only to a step the case passed through, and the step returns to the officer who did it', async () => {
    const opened = await openCase('广州丙保安服务有限公司');
    const pid = opened.processInstanceId;
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    expect((await as(caseOfficer).post(`/tasks/${investigate}/complete`, { values: INVESTIGATION, comment: '调查终结' })).status).toBe(200);
    const statement = await server.waitForTask(pid, 'Task_Statement');

    let detail = await as(caseOfficer).get(`/tasks/${statement}`);
    expect(detail.body.sendBackTargets).toEqual([{ activityId: 'Task_Investigate', name: expect.any(String), lastAssignee: 'case-gz' }]);
    expect(detail.body.path.map((a: { activityId: string }) => a.activityId)).toEqual(expect.arrayContaining(['Start_Accepted', 'Task_Investigate', 'Task_Statement']));
    const diagram = await as(caseOfficer).get(`/tasks/${statement}/diagram`);
    expect(diagram.body.xml).toContain('Task_Statement');

    const notPassed = await as(caseOfficer).post(`/tasks/${statement}/send-back`, { activityId: 'Task_LegalReview', comment: '退回' });
    expect(notPassed.status).toBe(400);
    expect(notPassed.body.code).toBe('SEND_BACK_TARGET_INVALID');
    expect((await as(caseOfficer).post(`/tasks/${statement}/send-back`, { activityId: 'Task_Investigate' })).status).toBe(400);
    expect((await as(foreign).post(`/tasks/${statement}/send-back`, { activityId: 'Task_Investigate', comment: '退回' })).status).toBe(404);
    await server.waitForTask(pid, 'Task_Statement');

    const back = await as(caseOfficer).post(`/tasks/${statement}/send-back`, { activityId: 'Task_Investigate', comment: '证据不足，请补充考勤记录' });
    expect(back.status).toBe(200);
    const again = await server.waitForTask(pid, 'Task_Investigate');
    detail = await as(caseOfficer).get(`/tasks/${again}`);
    expect(detail.body.task.assignee).toBe('case-gz');
    expect(detail.body.actions.map((a: { action: string; target: string | null }) => [a.action, a.target])).toEqual([['complete', null], ['send-back', 'Task_Investigate']]);
    // the officer who did the step is told, and the notification opens the step sent back
    expect((await inboxOf(caseOfficer)).find((n) => n.title.startsWith('任务被退回：'))).toMatchObject({ kind: 'assignment', subject: { kind: 'task', id: again } });
    const tasks = await server.http.get('/engine-rest/task').query({ processInstanceId: pid }).set('Authorization', server.engineAuthorization());
    expect(tasks.body.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['Task_Investigate']);

    const done = await as(caseOfficer).get('/done', { number: opened.number });
    expect(done.body.total).toBe(2);
    expect(done.body.items.map((t: { activityId: string; outcome: string }) => [t.activityId, t.outcome]).sort()).toEqual([['Task_Investigate', 'completed'], ['Task_Statement', 'cancelled']]);
    expect(done.body.items[0].case).toMatchObject({ number: opened.number });
  });

  it('copies a case to a colleague, who sees it under 抄送我的 until read, and lets earlier handlers urge once per interval', async () => {
    const opened = await openCase('广州丁保安服务有限公司');
    const pid = opened.processInstanceId;
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    expect((await as(caseOfficer).post(`/tasks/${investigate}/carbon-copy`, { userIds: ['nobody'] })).status).toBe(400);
    // a copy opens the case: never to an officer of another jurisdiction, and a copy is not passed on
    const abroad = await as(caseOfficer).post(`/tasks/${investigate}/carbon-copy`, { userIds: ['leader-gz', 'case-sz'] });
    expect(abroad.status).toBe(400);
    expect(abroad.body.details.issues).toEqual([expect.objectContaining({ path: 'userIds', message: "user 'case-sz' does not work in the jurisdiction of this case" })]);
    const station = await server.officer('station-tianhe', ['station-440106']);
    expect((await as(caseOfficer).post(`/tasks/${investigate}/carbon-copy`, { userIds: ['station-tianhe'] })).status).toBe(200);
    expect((await as(station).post(`/tasks/${investigate}/carbon-copy`, { userIds: ['leader-gz-2'] })).status).toBe(403);
    expect((await as(caseOfficer).post(`/tasks/${investigate}/carbon-copy`, { userIds: ['leader-gz'], comment: '请阅知' })).status).toBe(200);
    // the copy's notification opens the case file
    expect((await inboxOf(leader)).find((n) => n.kind === 'carbon-copy')).toMatchObject({ recipient: 'leader-gz', subject: { kind: 'case-file', id: pid } });
    const copies = await as(leader).get('/copies', { unread: 'true' });
    expect(copies.body).toMatchObject({ unread: expect.any(Number) });
    const copy = copies.body.items.find((c: { case: { number: string } }) => c.case?.number === opened.number);
    expect(copy).toMatchObject({ fromUser: 'case-gz', comment: '请阅知', readAt: null });
    expect((await as(colleague).post(`/copies/${copy.id}/read`)).status).toBe(404);
    expect((await as(leader).post(`/copies/${copy.id}/read`)).status).toBe(204);
    expect((await as(leader).get('/copies', { unread: 'true' })).body.items.some((c: { id: string }) => c.id === copy.id)).toBe(false);

    await as(caseOfficer).post(`/tasks/${investigate}/complete`, { values: INVESTIGATION });
    const statement = await server.waitForTask(pid, 'Task_Statement');
    expect((await as(foreign).post(`/tasks/${statement}/urge`)).status).toBe(404);
    expect((await as(legalOfficer).post(`/tasks/${statement}/urge`)).status).toBe(403);
    expect((await as(caseOfficer).post(`/tasks/${statement}/urge`, { comment: '请尽快告知当事人' })).status).toBe(200);
    const tooSoon = await as(caseOfficer).post(`/tasks/${statement}/urge`);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.code).toBe('URGE_TOO_SOON');
    await server.advance(31 * 60_000);
    expect((await as(leader).post(`/tasks/${statement}/urge`)).status).toBe(200);
    // the urges reach the candidate group, and open the task urged
    const urges = (await inboxOf(colleague)).filter((n) => n.kind === 'urge');
    expect(urges.length).toBeGreaterThanOrEqual(2);
    for (const urge of urges) expect(urge.subject).toEqual({ kind: 'task', id: statement });
  });

  it('withdraws a completed step while the next handler has not acted, and refuses once automated steps ran or the next handler acted', async () => {
    const opened = await openCase('广州戊保安服务有限公司');
    const pid = opened.processInstanceId;
    await as(caseOfficer).post(`/tasks/${await server.waitForTask(pid, 'Task_Investigate')}/complete`, { values: INVESTIGATION });
    const statement = await server.waitForTask(pid, 'Task_Statement');
    expect((await as(caseOfficer).post(`/tasks/${statement}/complete`, { values: { statementSummary: '当事人无异议', hearingRequested: 'no' } })).status).toBe(200);
    const review = await server.waitForTask(pid, 'Task_LegalReview');
    // the status step ran between the statement and the legal review
    const late = await as(caseOfficer).post(`/done/${statement}/withdraw`, { comment: '笔录有误' });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('WITHDRAW_NOT_ALLOWED');
    await as(legalOfficer).post(`/tasks/${review}/complete`, { values: { reviewResult: 'pass', reviewOpinion: '事实清楚，证据充分，程序合法', factsClear: true, evidenceSufficient: true, lawCorrect: true, procedureLawful: true } });

    const discussion = await server.waitForTask(pid, 'Task_CollectiveDiscussion');
    expect((await as(leader).post(`/tasks/${discussion}/complete`, { values: { participants: '局长、分管副局长', discussionConclusion: '同意' }, comment: '同意' })).status).toBe(200);
    const decide = await server.waitForTask(pid, 'Task_Decide');
    expect((await as(deputy).post(`/done/${discussion}/withdraw`, { comment: '不是我的' })).status).toBe(404);
    expect((await as(leader).post(`/done/${discussion}/withdraw`, {})).status).toBe(400);
    // the leader's own copy of the case to a colleague is not the next handler acting
    expect((await as(leader).post(`/tasks/${decide}/carbon-copy`, { userIds: ['legal-gz'] })).status).toBe(200);
    const withdrawn = await as(leader).post(`/done/${discussion}/withdraw`, { comment: '参加人员漏填' });
    expect(withdrawn.body).toMatchObject({ done: true });
    const back = await server.waitForTask(pid, 'Task_CollectiveDiscussion');
    expect(withdrawn.body.taskId).toBe(back);
    expect((await as(leader).get(`/tasks/${back}`)).body.task.assignee).toBe('leader-gz');
    const open = await server.http.get('/engine-rest/task').query({ processInstanceId: pid }).set('Authorization', server.engineAuthorization());
    expect(open.body.map((t: { id: string }) => t.id)).toEqual([back]);

    // once the next handler has claimed the step, it cannot be withdrawn
    await as(leader).post(`/tasks/${back}/complete`, { values: { participants: '局长、分管副局长、法制大队长', discussionConclusion: '同意' } });
    const decideAgain = await server.waitForTask(pid, 'Task_Decide');
    expect((await as(deputy).post(`/tasks/${decideAgain}/claim`)).status).toBe(200);
    const tooLate = await as(leader).post(`/done/${back}/withdraw`, { comment: '再改' });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.code).toBe('WITHDRAW_NOT_ALLOWED');
  });

  it('claims and transfers in bulk, all or nothing', async () => {
    const a = await openCase('广州己保安服务有限公司');
    const b = await openCase('广州庚保安服务有限公司');
    const ta = await server.waitForTask(a.processInstanceId, 'Task_Investigate');
    const tb = await server.waitForTask(b.processInstanceId, 'Task_Investigate');
    expect((await as(colleague).post(`/tasks/${tb}/claim`)).status).toBe(200);
    const mixed = await as(caseOfficer).post('/bulk/claim', { taskIds: [ta, tb] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['taskIds.1']);
    expect((await as(caseOfficer).get(`/tasks/${ta}`)).body.task.assignee).toBeNull();
    await as(colleague).post(`/tasks/${tb}/unclaim`);
    expect((await as(caseOfficer).post('/bulk/claim', { taskIds: [ta, tb] })).status).toBe(200);
    expect((await as(caseOfficer).post('/bulk/transfer', { taskIds: [ta, tb], userId: 'case-sz', comment: '移交' })).status).toBe(400);
    expect((await as(caseOfficer).post('/bulk/transfer', { taskIds: [ta, tb], userId: 'case-gz-2', comment: '移交' })).status).toBe(200);
    expect((await as(colleague).get('/todo', { scope: 'assigned', party: '保安服务有限公司' })).body.items.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([ta, tb]));
    // several tasks are found in 待办; a single one opens itself
    expect((await inboxOf(colleague)).find((n) => n.title === '转办任务 2 件')).toMatchObject({ kind: 'assignment', subject: { kind: 'task-list', id: 'todo' } });
    await server.advance(1000);
    expect((await as(colleague).post('/bulk/transfer', { taskIds: [ta], userId: 'case-gz', comment: '退还' })).status).toBe(200);
    expect((await inboxOf(caseOfficer)).find((n) => n.title === '转办任务 1 件')).toMatchObject({ kind: 'assignment', subject: { kind: 'task', id: ta } });
  });

  describe('when a colleague claims one of the tasks between the check and the change', () => {
    /**
     * The server's workbench whose engine calls, as any caller, first let `colleague` claim `stolen` through the
     * engine when the first claim or assignment goes out.
     */
    function workbenchWithRace(stolen: () => string, by = 'case-gz-2') {
      const real = (server.licensing.workbench as unknown as { deps: WorkbenchDeps }).deps;
      let raced = false;
      const engineAs = (authorization: string): EngineClient => {
        const client = real.engineAs(authorization);
        return new Proxy(client, {
          get(target, property, receiver) {
            if (property !== 'request') return Reflect.get(target, property, receiver);
            return async (method: string, path: string, body?: unknown) => {
              if (!raced && method === 'POST' && /\/(claim|assignee)$/.test(path)) {
                raced = true;
                const res = await server.http.post(`/engine-rest/task/${stolen()}/claim`).set('Authorization', server.engineAuthorization()).send({ userId: by });
                expect(res.status).toBe(204);
              }
              return target.request(method, path, body);
            };
          },
        });
      };
      return new Workbench({ ...real, engineAs });
    }
    const callerOf = (user: TestUser) => ({ principal: { userId: user.id, groupIds: user.groupIds }, authorization: `Bearer ${user.token}` });
    const actionsOf = async (taskId: string) => (await server.db.dataSource.getRepository(TaskActionEntity).findBy({ taskId })).map((a) => `${a.action}:${a.actor}`);

    it('a bulk claim answers 409 naming the task and puts back the tasks it had claimed', async () => {
      const a = await openCase('广州子丑保安服务有限公司');
      const b = await openCase('广州寅卯保安服务有限公司');
      const ta = await server.waitForTask(a.processInstanceId, 'Task_Investigate');
      const tb = await server.waitForTask(b.processInstanceId, 'Task_Investigate');

      const attempt = workbenchWithRace(() => tb).bulkClaim(callerOf(caseOfficer), [ta, tb]);

      await expect(attempt).rejects.toMatchObject({ status: 409, code: 'TASK_ALREADY_CLAIMED', message: `Task ${tb} was claimed by someone else meanwhile; nothing was changed`, details: { taskId: tb, notRestored: [] } });
      expect((await as(caseOfficer).get(`/tasks/${ta}`)).body.task.assignee).toBeNull();
      expect((await as(colleague).get(`/tasks/${tb}`)).body.task.assignee).toBe('case-gz-2');
      expect([...await actionsOf(ta), ...await actionsOf(tb)]).toEqual([]);
    });

    it('a bulk transfer leaves the colleague\'s claim in place and puts back the tasks it had transferred', async () => {
      const a = await openCase('广州辰巳保安服务有限公司');
      const b = await openCase('广州午未保安服务有限公司');
      const ta = await server.waitForTask(a.processInstanceId, 'Task_Investigate');
      const tb = await server.waitForTask(b.processInstanceId, 'Task_Investigate');
      const third = await server.officer('case-gz-3', ['case-440100']);

      // the case officer hands both to a colleague while a third officer claims one of them
      const attempt = workbenchWithRace(() => tb, third.id).bulkTransfer(callerOf(caseOfficer), [ta, tb], 'case-gz-2', '请你办理');

      await expect(attempt).rejects.toMatchObject({ status: 409, code: 'TASK_ALREADY_CLAIMED', details: { taskId: tb } });
      expect((await as(caseOfficer).get(`/tasks/${ta}`)).body.task.assignee).toBeNull();
      expect((await as(third).get(`/tasks/${tb}`)).body.task.assignee).toBe('case-gz-3');
      expect([...await actionsOf(ta), ...await actionsOf(tb)]).toEqual([]);
    });
  });

  it('keeps each officer a personal list of common approval phrases', async () => {
    expect((await as(legalOfficer).post('/phrases', { text: '事实清楚，证据确凿，同意。' })).status).toBe(201);
    expect((await as(legalOfficer).post('/phrases', { text: '事实清楚，证据确凿，同意。' })).status).toBe(400);
    const added = await as(legalOfficer).post('/phrases', { text: '请补充证据后再报。' });
    expect((await as(legalOfficer).get('/phrases')).body.map((p: { text: string }) => p.text)).toEqual(['事实清楚，证据确凿，同意。', '请补充证据后再报。']);
    expect((await as(caseOfficer).get('/phrases')).body).toEqual([]);
    expect((await server.http.delete(`/api/workbench/phrases/${added.body.id}`).set('Authorization', `Bearer ${caseOfficer.token}`)).status).toBe(404);
    expect((await server.http.delete(`/api/workbench/phrases/${added.body.id}`).set('Authorization', `Bearer ${legalOfficer.token}`)).status).toBe(204);
  });
});
