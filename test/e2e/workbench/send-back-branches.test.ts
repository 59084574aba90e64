import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

let server: LicensingServer;
let officer: TestUser;

/**
 * Register → a parallel fork into a branch of two steps (check the staff, then the premises) and a branch of one
 * (check the equipment) → join → decide.
 */
const BRANCHES = bpmnProcess('branches', `
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_Register" name="登记" camunda:candidateGroups="case-440100" />
    <bpmn:parallelGateway id="Fork" />
    <bpmn:userTask id="Task_Staff" name="核查人员" camunda:candidateGroups="case-440100" />
    <bpmn:userTask id="Task_Premises" name="核查场所" camunda:candidateGroups="case-440100" />
    <bpmn:userTask id="Task_Equipment" name="核查装备" camunda:candidateGroups="case-440100" />
    <bpmn:parallelGateway id="Join" />
    <bpmn:userTask id="Task_Decide" name="决定" camunda:candidateGroups="case-440100" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task_Register" />
    <bpmn:sequenceFlow id="f2" sourceRef="Task_Register" targetRef="Fork" />
    <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Task_Staff" />
    <bpmn:sequenceFlow id="f4" sourceRef="Task_Staff" targetRef="Task_Premises" />
    <bpmn:sequenceFlow id="f5" sourceRef="Fork" targetRef="Task_Equipment" />
    <bpmn:sequenceFlow id="f6" sourceRef="Task_Premises" targetRef="Join" />
    <bpmn:sequenceFlow id="f7" sourceRef="Task_Equipment" targetRef="Join" />
    <bpmn:sequenceFlow id="f8" sourceRef="Join" targetRef="Task_Decide" />
    <bpmn:sequenceFlow id="f9" sourceRef="Task_Decide" targetRef="End" />`);

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  officer = await server.officer('case-gz', ['case-440100']);
  const deployed = await server.http.post('/engine-rest/deployment/create').set('Authorization', server.engineAuthorization())
    .field('deployment-name', 'branches').attach('model', Buffer.from(BRANCHES), 'branches.bpmn');
  expect(deployed.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

const as = () => ({
  get: (path: string) => server.http.get(`/api/workbench${path}`).set('Authorization', `Bearer ${officer.token}`),
  post: (path: string, body: object = {}) => server.http.post(`/api/workbench${path}`).set('Authorization', `Bearer ${officer.token}`).send(body),
});

async function complete(processInstanceId: string, activityId: string): Promise<void> {
  const taskId = await server.waitForTask(processInstanceId, activityId);
  const claimed = await as().post(`/tasks/${taskId}/claim`);
  expect([200, 400]).toContain(claimed.status);
  const done = await server.http.post(`/engine-rest/task/${taskId}/complete`).set('Authorization', server.engineAuthorization()).send({});
  expect(done.status).toBe(204);
}

describe('send-back (退回) in a case that runs in parallel branches', () => {
  it('offers only the steps of the task\'s own branch, never one before the fork', async () => {
    // given: registered, and the staff checked in the first branch
    const started = await server.http.post('/engine-rest/process-definition/key/branches/start').set('Authorization', server.engineAuthorization()).send({});
    const pid = started.body.id as string;
    await complete(pid, 'Task_Register');
    await complete(pid, 'Task_Staff');
    const premises = await server.waitForTask(pid, 'Task_Premises');
    const equipment = await server.waitForTask(pid, 'Task_Equipment');
    for (const taskId of [premises, equipment]) expect((await as().post(`/tasks/${taskId}/claim`)).status).toBe(200);

    // then: the premises step may go back to the staff step of its branch only; the equipment step nowhere
    expect((await as().get(`/tasks/${premises}`)).body.sendBackTargets.map((t: { activityId: string }) => t.activityId)).toEqual(['Task_Staff']);
    expect((await as().get(`/tasks/${equipment}`)).body.sendBackTargets).toEqual([]);
    const across = await as().post(`/tasks/${equipment}/send-back`, { activityId: 'Task_Register', comment: '重新登记' });
    expect(across.status).toBe(400);
    expect(across.body.details.issues).toEqual([expect.objectContaining({ path: 'activityId', code: 'SEND_BACK_TARGET_INVALID' })]);

    // and: after the join, the decision goes back no further than the join either
    await complete(pid, 'Task_Premises');
    await complete(pid, 'Task_Equipment');
    const decide = await server.waitForTask(pid, 'Task_Decide');
    expect((await as().post(`/tasks/${decide}/claim`)).status).toBe(200);
    expect((await as().get(`/tasks/${decide}`)).body.sendBackTargets).toEqual([]);

    // within a branch, sending back works and leaves the other branch alone
    const again = await server.http.post('/engine-rest/process-definition/key/branches/start').set('Authorization', server.engineAuthorization()).send({});
    await complete(again.body.id, 'Task_Register');
    await complete(again.body.id, 'Task_Staff');
    const premisesAgain = await server.waitForTask(again.body.id, 'Task_Premises');
    expect((await as().post(`/tasks/${premisesAgain}/send-back`, { activityId: 'Task_Staff', comment: '人员名单不全' })).status).toBe(200);
    const open = (await server.http.get('/engine-rest/task').query({ processInstanceId: again.body.id }).set('Authorization', server.engineAuthorization())).body as Array<{ taskDefinitionKey: string }>;
    expect(open.map((t) => t.taskDefinitionKey).sort()).toEqual(['Task_Equipment', 'Task_Staff']);
  });
});
