import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let caseOfficer: TestUser;
let colleague: TestUser;
let leader: TestUser;
let foreign: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  caseOfficer = await server.officer('case-ft', ['case-440100']);
  colleague = await server.officer('case-ft-2', ['case-440100']);
  leader = await server.officer('leader-ft', ['leader-440100']);
  foreign = await server.officer('case-ft-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

const as = (user: TestUser) => ({
  get: (path: string, query: Record<string, unknown> = {}) => server.http.get(`/api/workbench${path}`).query(query).set('Authorization', `Bearer ${user.token}`),
  post: (path: string, body: unknown = {}) => server.http.post(`/api/workbench${path}`).set('Authorization', `Bearer ${user.token}`).send(body as object),
});

async function openCase(party: string): Promise<{ id: string; number: string; processInstanceId: string }> {
  const res = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'unit', name: party }, regionCode: '440106', facts: `${party}未经备案在本市提供保安服务。` });
  expect(res.status).toBe(201);
  return res.body;
}

const INVESTIGATION = { establishedFacts: '未经备案提供保安服务', evidenceList: '询问笔录', violationId: 'art42-2', proposedDecision: 'no-penalty', investigationReason: '违法行为轻微' };

describe('GET /api/workbench/tasks/{id} of a task that has ended', () => {
  it('tells a caller who may read the case file that a colleague completed the task, when, and in which procedure', async () => {
    // given: the investigation, announced to the case unit, is claimed and completed by a colleague
    const { processInstanceId: pid } = await openCase('广州已办保安服务有限公司');
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    expect((await as(colleague).post(`/tasks/${investigate}/claim`)).status).toBe(200);
    expect((await as(colleague).post(`/tasks/${investigate}/complete`, { values: INVESTIGATION })).status).toBe(200);

    // when: another officer of the unit, and the leader of the city, open it
    const late = await as(caseOfficer).get(`/tasks/${investigate}`);
    const supervisor = await as(leader).get(`/tasks/${investigate}`);

    // then: not found, but with the finished task's procedure, time and handler
    expect(late.status).toBe(404);
    expect(late.body).toMatchObject({ code: 'NOT_FOUND', details: { finished: { processInstanceId: pid, endedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/), assignee: 'case-ft-2', outcome: 'completed' } } });
    expect(supervisor.status).toBe(404);
    expect(supervisor.body.details.finished).toEqual(late.body.details.finished);
    // the time is the engine's end of the task
    const [historic] = (await server.http.get('/engine-rest/history/task').query({ taskId: investigate }).set('Authorization', server.engineAuthorization())).body as Array<{ endTime: string }>;
    expect(Date.parse(late.body.details.finished.endedAt)).toBe(Date.parse(historic!.endTime));
    // and the procedure it names opens for them
    expect((await as(caseOfficer).get(`/procedures/${pid}`)).status).toBe(200);
  });

  it('answers a bare 404 to an officer who may not read the case, and for a task that never existed', async () => {
    // given: a completed investigation and the step now open
    const { processInstanceId: pid } = await openCase('广州保密保安服务有限公司');
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    expect((await as(caseOfficer).post(`/tasks/${investigate}/complete`, { values: INVESTIGATION })).status).toBe(200);
    const next = await server.waitForTask(pid, 'Task_LegalReview');

    // when
    const finished = await as(foreign).get(`/tasks/${investigate}`);
    const running = await as(foreign).get(`/tasks/${next}`);
    const unknown = await as(caseOfficer).get('/tasks/no-such-task');

    // then: nothing of the case is told
    for (const answer of [finished, running, unknown]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('NOT_FOUND');
      expect(answer.body.details).toBeUndefined();
    }
    expect(JSON.stringify(finished.body)).not.toContain(pid);
  });

  it('says that a task sent back has ended without being completed', async () => {
    // given: the statement step is sent back to the investigation
    const { processInstanceId: pid } = await openCase('广州退回保安服务有限公司');
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    const penalty = { ...INVESTIGATION, proposedDecision: 'penalty', proposedPenalty: '警告，并处罚款人民币二万元', proposedFine: 20_000 };
    expect((await as(caseOfficer).post(`/tasks/${investigate}/complete`, { values: penalty })).status).toBe(200);
    const statement = await server.waitForTask(pid, 'Task_Statement');
    expect((await as(caseOfficer).post(`/tasks/${statement}/send-back`, { activityId: 'Task_Investigate', comment: '请补充证据' })).status).toBe(200);
    await server.waitForTask(pid, 'Task_Investigate');

    // when
    const late = await as(colleague).get(`/tasks/${statement}`);

    // then
    expect(late.status).toBe(404);
    expect(late.body.details.finished).toMatchObject({ processInstanceId: pid, outcome: 'cancelled' });
  });
});

describe('GET /api/workbench/tasks/{id} of a task someone else has taken', () => {
  it('names the colleague who holds it and its procedure to an officer of the unit, and nothing to an officer of another city', async () => {
    // given: the investigation, open to the whole case unit, is claimed by a colleague
    const { processInstanceId: pid } = await openCase('广州已签收保安服务有限公司');
    const investigate = await server.waitForTask(pid, 'Task_Investigate');
    expect((await as(colleague).post(`/tasks/${investigate}/claim`)).status).toBe(200);

    // when
    const late = await as(caseOfficer).get(`/tasks/${investigate}`);
    const abroad = await as(foreign).get(`/tasks/${investigate}`);

    // then
    expect(late.status).toBe(403);
    expect(late.body).toMatchObject({ code: 'FORBIDDEN', details: { taken: { processInstanceId: pid, assignee: 'case-ft-2' } } });
    expect(abroad.status).toBe(404);
    expect(abroad.body.details).toBeUndefined();
  });
});

describe('GET /api/workbench/copies?processInstanceId=', () => {
  it('lists only the caller\'s copies of that procedure, so that its file can mark them read', async () => {
    // given: two cases copied to the leader
    const first = await openCase('广州抄送甲保安服务有限公司');
    const second = await openCase('广州抄送乙保安服务有限公司');
    for (const { processInstanceId } of [first, second]) {
      const task = await server.waitForTask(processInstanceId, 'Task_Investigate');
      expect((await as(caseOfficer).post(`/tasks/${task}/carbon-copy`, { userIds: ['leader-ft'], comment: '请阅知' })).status).toBe(200);
    }

    // when
    const ofFirst = await as(leader).get('/copies', { processInstanceId: first.processInstanceId, unread: 'true' });

    // then
    expect(ofFirst.status).toBe(200);
    expect(ofFirst.body.total).toBe(1);
    expect(ofFirst.body.items).toEqual([expect.objectContaining({ processInstanceId: first.processInstanceId, toUser: 'leader-ft', readAt: null, case: expect.objectContaining({ number: first.number }) })]);
    expect((await as(caseOfficer).get('/copies', { processInstanceId: first.processInstanceId })).body.total).toBe(0);

    // when: it is marked read, the filter with unread no longer lists it, and the other case's copy stays unread
    expect((await as(leader).post(`/copies/${ofFirst.body.items[0].id}/read`)).status).toBe(204);
    expect((await as(leader).get('/copies', { processInstanceId: first.processInstanceId, unread: 'true' })).body.total).toBe(0);
    expect((await as(leader).get('/copies', { processInstanceId: second.processInstanceId, unread: 'true' })).body.total).toBe(1);

    // a malformed id is refused, naming the parameter
    const bad = await as(leader).get('/copies', { processInstanceId: 'not an id!' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues).toEqual([expect.objectContaining({ path: 'processInstanceId' })]);
  });
});
