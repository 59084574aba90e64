import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// a case runs with the real workers up to its first user task
jest.setTimeout(120_000);

let server: LicensingServer;
let caseOfficer: TestUser;
let colleague: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  caseOfficer = await server.officer('case-gz', ['case-440100']);
  colleague = await server.officer('case-gz-2', ['case-440100']);
});

afterAll(async () => {
  await server?.close();
});

const arrivals = async (user: TestUser) =>
  ((await server.http.get('/api/inbox').query({ kind: 'assignment' }).set('Authorization', `Bearer ${user.token}`)).body.items as Array<{ title: string; body: string; recipient: string; subject: unknown }>);

describe('new tasks (新任务) in the inbox of the groups that may claim them', () => {
  it('announces a task nobody holds yet to each candidate group once, with the case it belongs to', async () => {
    // given: the first pass only notes where to start
    expect(await server.licensing.taskArrivals.runOnce()).toBe(0);
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'person', name: '郑某' }, regionCode: '440106', facts: '保安员郑某无证上岗。' });
    const taskId = await server.waitForTask(opened.body.processInstanceId, 'Task_Investigate');
    await server.advance(1_000);

    // when
    const first = await server.licensing.taskArrivals.runOnce();
    const again = await server.licensing.taskArrivals.runOnce();

    // then
    expect(first).toBe(1);
    expect(again).toBe(0);
    const inbox = await arrivals(colleague);
    expect(inbox).toEqual([expect.objectContaining({
      recipient: 'case-440100', title: '新任务：调查取证并提出处理意见', body: `${opened.body.number as string}（郑某）：调查取证并提出处理意见待办理，请在“待办”中签收。`,
      subject: { kind: 'task', id: taskId },
    })]);
  });

  it('does not announce a task that is already someone\'s', async () => {
    // given
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`).send({ party: { kind: 'person', name: '钱某' }, regionCode: '440106', facts: '保安员钱某无证上岗。' });
    const taskId = await server.waitForTask(opened.body.processInstanceId, 'Task_Investigate');
    await server.http.post(`/api/workbench/tasks/${taskId}/claim`).set('Authorization', `Bearer ${caseOfficer.token}`).send({}).expect(200);

    // when
    const announced = await server.licensing.taskArrivals.runOnce();

    // then
    expect(announced).toBe(0);
    expect((await arrivals(colleague)).filter((n) => n.body.includes('钱某'))).toEqual([]);
  });
});
