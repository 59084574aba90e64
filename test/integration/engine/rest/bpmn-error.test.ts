import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

let s: EngineServer;

/** start → sub(fork(check (external `check`), review (user))) → done ; REJECTED on `check` → fix ; any error on `sub` → escalate. */
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://example.org/test">
  <bpmn:error id="Err_rejected" errorCode="REJECTED" />
  <bpmn:process id="rest-bpmn-error" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="ss" /><bpmn:parallelGateway id="split" />
      <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="check" /><bpmn:userTask id="review" />
      <bpmn:boundaryEvent id="rejected" attachedToRef="check"><bpmn:errorEventDefinition errorRef="Err_rejected" camunda:errorCodeVariable="code" camunda:errorMessageVariable="why" /></bpmn:boundaryEvent>
      <bpmn:userTask id="fix" /><bpmn:parallelGateway id="merge" /><bpmn:endEvent id="se" />
      <bpmn:sequenceFlow id="s1" sourceRef="ss" targetRef="split" /><bpmn:sequenceFlow id="s2" sourceRef="split" targetRef="check" />
      <bpmn:sequenceFlow id="s3" sourceRef="split" targetRef="review" /><bpmn:sequenceFlow id="s4" sourceRef="check" targetRef="merge" />
      <bpmn:sequenceFlow id="s5" sourceRef="review" targetRef="merge" /><bpmn:sequenceFlow id="s6" sourceRef="merge" targetRef="se" />
      <bpmn:sequenceFlow id="s7" sourceRef="rejected" targetRef="fix" /><bpmn:sequenceFlow id="s8" sourceRef="fix" targetRef="merge" />
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="anyError" attachedToRef="sub"><bpmn:errorEventDefinition camunda:errorCodeVariable="outerCode" /></bpmn:boundaryEvent>
    <bpmn:userTask id="escalate" /><bpmn:userTask id="done" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" /><bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="done" />
    <bpmn:sequenceFlow id="f3" sourceRef="anyError" targetRef="escalate" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({ 'bpmn-error.bpmn': XML });
});
afterAll(async () => {
  await s.close();
});

/** Starts an instance over REST and locks its `check` task for worker `w`; returns both ids. */
async function startAndLock(): Promise<{ pi: string; taskId: string }> {
  const pi = (await s.post('/process-definition/key/rest-bpmn-error/start').send({}).expect(200)).body.id as string;
  const locked = (await s.post('/external-task/fetchAndLock').send({ workerId: 'w', maxTasks: 10, topics: [{ topicName: 'check', lockDuration: 60_000 }] }).expect(200)).body as Array<{ id: string; processInstanceId: string }>;
  const mine = locked.find((t) => t.processInstanceId === pi);
  if (!mine) throw new Error('no locked task');
  return { pi, taskId: mine.id };
}

const taskKeys = async (pi: string) => ((await s.get(`/task?processInstanceId=${pi}`).expect(200)).body as Array<{ taskDefinitionKey: string }>).map((t) => t.taskDefinitionKey).sort();

describe('POST /external-task/{id}/bpmnError caught by a boundary event', () => {
  it('takes the error boundary event of the task: variables first, then code and message variables; the task is gone at once', async () => {
    // given
    const { pi, taskId } = await startAndLock();
    // when
    await s.post(`/external-task/${taskId}/bpmnError`).send({
      workerId: 'w', errorCode: 'REJECTED', errorMessage: 'licence expired', variables: { licence: { value: 'L-17', type: 'String' } },
    }).expect(204);
    // then
    await s.get(`/external-task/${taskId}`).expect(404);
    expect((await s.get(`/external-task?processInstanceId=${pi}`).expect(200)).body).toEqual([]);
    expect(await taskKeys(pi)).toEqual(['fix', 'review']);
    expect((await s.get(`/process-instance/${pi}/variables`).expect(200)).body).toEqual({
      licence: { type: 'String', value: 'L-17', valueInfo: {} },
      code: { type: 'String', value: 'REJECTED', valueInfo: {} },
      why: { type: 'String', value: 'licence expired', valueInfo: {} },
    });
    const history = (await s.get(`/history/activity-instance?processInstanceId=${pi}&activityId=check`).expect(200)).body as Array<{ canceled: boolean; endTime: string | null }>;
    expect(history).toEqual([expect.objectContaining({ canceled: true, endTime: expect.any(String) })]);
    const tree = (await s.get(`/process-instance/${pi}/activity-instances`).expect(200)).body as { childActivityInstances: Array<{ activityId: string; childActivityInstances: Array<{ activityId: string }> }> };
    expect(tree.childActivityInstances.map((c) => c.activityId)).toEqual(['sub']);
    expect(tree.childActivityInstances[0]?.childActivityInstances.map((c) => c.activityId).sort()).toEqual(['fix', 'review']);
  });

  it('with another code travels out to the catch-all boundary event of the sub-process, which cancels the review task too', async () => {
    // given
    const { pi, taskId } = await startAndLock();
    // when
    await s.post(`/external-task/${taskId}/bpmnError`).send({ workerId: 'w', errorCode: 'UNREADABLE' }).expect(204);
    // then
    expect(await taskKeys(pi)).toEqual(['escalate']);
    expect((await s.get(`/process-instance/${pi}/variables/outerCode`).expect(200)).body).toMatchObject({ type: 'String', value: 'UNREADABLE' });
    const canceled = (await s.get(`/history/activity-instance?processInstanceId=${pi}&canceled=true`).expect(200)).body as Array<{ activityId: string }>;
    expect(canceled.map((a) => a.activityId).sort()).toEqual(['check', 'review', 'sub']);
  });

  it('is refused for another worker and changes nothing', async () => {
    const { pi, taskId } = await startAndLock();
    await s.post(`/external-task/${taskId}/bpmnError`).send({ workerId: 'intruder', errorCode: 'REJECTED' }).expect(400);
    expect(await taskKeys(pi)).toEqual(['review']);
    expect((await s.get(`/external-task?processInstanceId=${pi}`).expect(200)).body).toHaveLength(1);
  });
});
