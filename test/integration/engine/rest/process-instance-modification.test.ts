import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { loadCamundaContract } from '../../../helpers/openapi-contract.js';

const HOUR = 3_600_000;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({
    // start → A → B → C → end
    'linear.bpmn': bpmnProcess('linear', `<bpmn:startEvent id="start" /><bpmn:userTask id="A" name="受理" /><bpmn:userTask id="B" name="审查" />
      <bpmn:userTask id="C" name="审批" /><bpmn:endEvent id="end" />
      ${flow('toA', 'start', 'A')}${flow('toB', 'A', 'B')}${flow('toC', 'B', 'C')}${flow('toEnd', 'C', 'end')}`),
    // start → sub(subStart → X → Y → subEnd) → after → end
    'nested.bpmn': bpmnProcess('nested', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" /><bpmn:userTask id="X" /><bpmn:userTask id="Y" /><bpmn:endEvent id="subEnd" />
        ${flow('s1', 'subStart', 'X')}${flow('s2', 'X', 'Y')}${flow('s3', 'Y', 'subEnd')}</bpmn:subProcess>
      <bpmn:userTask id="after" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'sub')}${flow('f2', 'sub', 'after')}${flow('f3', 'after', 'end')}`),
    // start → fork(left, right) → join → done
    'parallel.bpmn': bpmnProcess('parallel', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:userTask id="left" /><bpmn:userTask id="right" /><bpmn:parallelGateway id="join" /><bpmn:userTask id="done" />
      ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'left')}${flow('f3', 'fork', 'right')}
      ${flow('f4', 'left', 'join')}${flow('f5', 'right', 'join')}${flow('f6', 'join', 'done')}`),
    // start → intake → work (timer PT1H → escalated) → done
    'deadline.bpmn': bpmnProcess('deadline', `<bpmn:startEvent id="start" /><bpmn:userTask id="intake" /><bpmn:userTask id="work" />
      <bpmn:boundaryEvent id="late" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:userTask id="escalated" /><bpmn:userTask id="done" />
      ${flow('f1', 'start', 'intake')}${flow('f2', 'intake', 'work')}${flow('f3', 'work', 'done')}${flow('f4', 'late', 'escalated')}`),
    // start → wait (timer PT1H) → next ; next has an input and an output mapping ; queued is asynchronous
    'waiting.bpmn': bpmnProcess('waiting', `<bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="next"><bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="greeting">hello</camunda:inputParameter><camunda:outputParameter name="answer">\${greeting}</camunda:outputParameter>
      </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="queued" camunda:asyncBefore="true" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'next')}${flow('f3', 'next', 'queued')}${flow('f4', 'queued', 'end')}`),
    // start → review → end ; an error event sub-process → handle
    'guarded.bpmn': bpmnProcess('guarded', `<bpmn:startEvent id="start" /><bpmn:userTask id="review" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}
      <bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="caught"><bpmn:errorEventDefinition /></bpmn:startEvent>
        <bpmn:userTask id="handle" /><bpmn:endEvent id="handled" />${flow('e1', 'caught', 'handle')}${flow('e2', 'handle', 'handled')}</bpmn:subProcess>`),
    // start → call(child: childTask) → A ; start → A → M (two instances) → end
    'child.bpmn': bpmnProcess('child', `<bpmn:startEvent id="cs" /><bpmn:userTask id="childTask" /><bpmn:endEvent id="ce" />${flow('c1', 'cs', 'childTask')}${flow('c2', 'childTask', 'ce')}`),
    'caller.bpmn': bpmnProcess('caller', `<bpmn:startEvent id="start" /><bpmn:callActivity id="call" calledElement="child" /><bpmn:userTask id="A" />
      ${flow('f1', 'start', 'call')}${flow('f2', 'call', 'A')}`),
    'multi.bpmn': bpmnProcess('multi', `<bpmn:startEvent id="start" /><bpmn:userTask id="A" />
      <bpmn:userTask id="M"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
      <bpmn:endEvent id="end" />${flow('f1', 'start', 'A')}${flow('f2', 'A', 'M')}${flow('f3', 'M', 'end')}`),
  });
});
afterAll(async () => {
  await s.close();
});

describe('POST /process-instance/{id}/modification', () => {
  it('sends a case back to an earlier step: the later task disappears, the earlier one appears, and the case goes on from there', async () => {
    // given a case at C
    const id = await start('linear');
    await complete(id, 'A');
    await complete(id, 'B');
    const c = instanceOf(await tree(id), 'C');
    // when an officer sends it back to A
    const res = await modify(id, {
      instructions: [{ type: 'cancel', activityInstanceId: c.id }, { type: 'startBeforeActivity', activityId: 'A' }],
      annotation: '材料不全，退回受理',
    }).expect(204);
    // then
    expect(conformance('POST', '/process-instance/{id}/modification', 204, res.body)).toEqual([]);
    expect(await openTasks(id)).toEqual(['A']);
    expect((await tree(id)).childActivityInstances.map((n) => n.activityId)).toEqual(['A']);
    const history = (await s.get(`/history/activity-instance?processInstanceId=${id}&activityId=C`).expect(200)).body as Array<Record<string, unknown>>;
    expect(history).toMatchObject([{ id: c.id, canceled: true, endTime: expect.any(String) }]);
    expect((await s.get(`/history/task?processInstanceId=${id}&taskDefinitionKey=C`).expect(200)).body).toMatchObject([{ deleteReason: 'deleted', taskState: 'Deleted' }]);
    // and the case goes on from A
    await complete(id, 'A');
    expect(await openTasks(id)).toEqual(['B']);
  });

  it('records the modification in the user operation log with its annotation', async () => {
    // given
    const id = await start('linear');
    // when
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'A' }, { type: 'startBeforeActivity', activityId: 'B' }], annotation: '经批准跳过受理' }).expect(204);
    // then
    const res = await s.get(`/history/user-operation?processInstanceId=${id}&operationType=ModifyProcessInstance`).expect(200);
    expect(res.body).toMatchObject([{
      operationType: 'ModifyProcessInstance', entityType: 'ProcessInstance', category: 'Operator', userId: 'demo', annotation: '经批准跳过受理',
      processInstanceId: id, processDefinitionKey: 'linear', property: null, orgValue: null, newValue: null,
    }]);
    expect(conformance('GET', '/history/user-operation', 200, res.body)).toEqual([]);
    expect(await openTasks(id)).toEqual(['B']);
  });

  it('starts after an activity on its single outgoing flow, and on a given sequence flow', async () => {
    // given
    const id = await start('linear');
    // when A is skipped (start after it)
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'A' }, { type: 'startAfterActivity', activityId: 'A' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['B']);
    // when B is skipped over its flow to C
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'B' }, { type: 'startTransition', transitionId: 'toC' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['C']);
    await complete(id, 'C');
    expect(await historicState(id)).toBe('COMPLETED');
  });

  it('ends the instance as externally terminated when every activity is cancelled and nothing is started', async () => {
    // given
    const id = await start('linear');
    // when
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'A' }], annotation: '撤销' }).expect(204);
    // then
    await s.get(`/process-instance/${id}`).expect(404);
    expect(await openTasks(id)).toEqual([]);
    expect(await historicState(id)).toBe('EXTERNALLY_TERMINATED');
    expect((await s.get(`/history/user-operation/count?processInstanceId=${id}&operationType=ModifyProcessInstance`).expect(200)).body).toEqual({ count: 1 });
  });

  it('sets instruction variables on the new activity\'s execution: local ones there, the others on the process instance', async () => {
    // given a case at A
    const id = await start('linear');
    // when B is started beside A, with variables
    await modify(id, {
      instructions: [{
        type: 'startBeforeActivity', activityId: 'B',
        variables: { reason: { value: '补充材料', type: 'String' }, round: { value: 2, type: 'Integer', local: true } },
      }],
    }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['A', 'B']);
    expect((await s.get(`/process-instance/${id}/variables`).expect(200)).body).toEqual({ reason: { type: 'String', value: '补充材料', valueInfo: {} } });
    const b = await taskOf(id, 'B');
    expect((await s.get(`/task/${b}/variables`).expect(200)).body).toEqual({
      reason: { type: 'String', value: '补充材料', valueInfo: {} }, round: { type: 'Integer', value: 2, valueInfo: {} },
    });
    const a = await taskOf(id, 'A');
    expect(Object.keys((await s.get(`/task/${a}/variables`).expect(200)).body)).toEqual(['reason']);
    // and both tokens go on: A and B both lead to B, then C (two instances of the process's tail)
    await s.post(`/task/${b}/complete`).send({}).expect(204);
    expect(await openTasks(id)).toEqual(['A', 'C']);
  });

  it('moves a token inside an embedded sub-process', async () => {
    // given the case at X inside sub
    const id = await start('nested');
    const x = instanceOf(await tree(id), 'X');
    // when
    await modify(id, { instructions: [{ type: 'cancel', activityInstanceId: x.id }, { type: 'startBeforeActivity', activityId: 'Y' }] }).expect(204);
    // then Y runs in the same sub-process instance
    const after = await tree(id);
    expect(after.childActivityInstances.map((n) => n.activityId)).toEqual(['sub']);
    expect(after.childActivityInstances[0]?.childActivityInstances.map((n) => n.activityId)).toEqual(['Y']);
    await complete(id, 'Y');
    expect(await openTasks(id)).toEqual(['after']);
  });

  it('creates the sub-process instance when starting before an activity inside it from outside', async () => {
    // given the case after the sub-process
    const id = await start('nested');
    await complete(id, 'X');
    await complete(id, 'Y');
    expect(await openTasks(id)).toEqual(['after']);
    // when it is sent back into the sub-process, to Y
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'after' }, { type: 'startBeforeActivity', activityId: 'Y' }] }).expect(204);
    // then a new sub-process instance runs Y (its start event and X are not run again)
    const t = await tree(id);
    expect(t.childActivityInstances.map((n) => n.activityId)).toEqual(['sub']);
    const sub = t.childActivityInstances[0] as TreeNode;
    expect(sub.childActivityInstances.map((n) => n.activityId)).toEqual(['Y']);
    const subs = (await s.get(`/history/activity-instance?processInstanceId=${id}&activityId=sub&sortBy=startTime&sortOrder=asc`).expect(200)).body as Array<{ id: string; endTime: string | null }>;
    expect(subs).toHaveLength(2);
    expect(subs[1]).toMatchObject({ id: sub.id, endTime: null });
    // and leaving Y completes the sub-process and leads to `after` again
    await complete(id, 'Y');
    expect(await openTasks(id)).toEqual(['after']);
  });

  it('cancels the sub-process instance with the last activity inside it', async () => {
    // given
    const id = await start('nested');
    const x = instanceOf(await tree(id), 'X');
    const sub = instanceOf(await tree(id), 'sub');
    // when X is cancelled and `after` started
    await modify(id, { instructions: [{ type: 'cancel', activityInstanceId: x.id }, { type: 'startBeforeActivity', activityId: 'after' }] }).expect(204);
    // then
    expect((await tree(id)).childActivityInstances.map((n) => n.activityId)).toEqual(['after']);
    expect((await s.get(`/history/activity-instance/${sub.id}`).expect(200)).body).toMatchObject({ activityId: 'sub', canceled: true });
  });

  it('needs the ancestor activity instance when the enclosing sub-process runs more than once', async () => {
    // given two instances of `sub`
    const id = await start('nested');
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'sub' }] }).expect(204);
    const subs = (await tree(id)).childActivityInstances.filter((n) => n.activityId === 'sub');
    expect(subs).toHaveLength(2);
    // when Y is started without saying in which: refused, nothing changes
    const ambiguous = await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'Y' }] }).expect(500);
    expect(ambiguous.body.type).toBe('ProcessEngineException');
    expect(await openTasks(id)).toEqual(['X', 'X']);
    // when it names the second one
    const second = subs[1] as TreeNode;
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'Y', ancestorActivityInstanceId: second.id }] }).expect(204);
    // then Y runs there
    const after = instanceOf(await tree(id), 'Y');
    expect(after.parentActivityInstanceId).toBe(second.id);
    // and an ancestor outside the target's scopes is refused with 400
    const x = instanceOf(subs[0] as TreeNode, 'X');
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'Y', ancestorActivityInstanceId: x.id }] }).expect(400);
    expect(await openTasks(id)).toEqual(['X', 'X', 'Y']);
  });

  it('cancels one parallel branch and starts it again; the join still waits for both', async () => {
    // given
    const id = await start('parallel');
    const right = instanceOf(await tree(id), 'right');
    // when the right branch is restarted
    await modify(id, { instructions: [{ type: 'cancel', activityInstanceId: right.id }, { type: 'startBeforeActivity', activityId: 'right' }] }).expect(204);
    // then
    const t = await tree(id);
    expect(t.childActivityInstances.map((n) => n.activityId).sort()).toEqual(['left', 'right']);
    expect(instanceOf(t, 'right').id).not.toBe(right.id);
    await complete(id, 'left');
    expect(await openTasks(id)).toEqual(['right']);
    await complete(id, 'right');
    expect(await openTasks(id)).toEqual(['done']);
  });

  it('cancels one parallel branch and leaves the other running', async () => {
    // given
    const id = await start('parallel');
    // when
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'left' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['right']);
    expect((await s.get(`/process-instance/${id}`).expect(200)).body.ended).toBe(false);
  });

  it('creates the timer of a boundary event when starting before its activity', async () => {
    // given a case at intake
    const id = await start('deadline');
    expect((await s.get(`/job/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 0 });
    // when it is moved to `work`
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'intake' }, { type: 'startBeforeActivity', activityId: 'work' }] }).expect(204);
    // then the timer runs
    expect((await s.get(`/job/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 1 });
    s.advance(HOUR + 1000);
    await s.engine.jobs.runDueJobs();
    expect(await openTasks(id)).toEqual(['escalated']);
  });

  it('cancels the timer of a boundary event with its activity', async () => {
    // given a case at `work` with its timer
    const id = await start('deadline');
    await complete(id, 'intake');
    expect((await s.get(`/job/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 1 });
    // when it is sent back to intake
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'work' }, { type: 'startBeforeActivity', activityId: 'intake' }] }).expect(204);
    // then
    expect((await s.get(`/job/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 0 });
    expect(await openTasks(id)).toEqual(['intake']);
  });

  it('starts beside an activity with a boundary event, which keeps its timer', async () => {
    // given a case at `work` with its timer
    const id = await start('deadline');
    await complete(id, 'intake');
    // when intake is started again beside it
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'intake' }] }).expect(204);
    // then both run, and the timer still interrupts `work`
    expect(await openTasks(id)).toEqual(['intake', 'work']);
    s.advance(HOUR + 1000);
    await s.engine.jobs.runDueJobs();
    expect(await openTasks(id)).toEqual(['escalated', 'intake']);
    await complete(id, 'intake');
    expect(await openTasks(id)).toEqual(['escalated', 'work']);
  });

  it('fires an interrupting boundary event when starting before it: its activity is cancelled', async () => {
    // given a case at `work` with its timer
    const id = await start('deadline');
    await complete(id, 'intake');
    // when
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'late' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['escalated']);
    expect((await s.get(`/job/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 0 });
    expect((await s.get(`/history/activity-instance?processInstanceId=${id}&activityId=work`).expect(200)).body).toMatchObject([{ canceled: true }]);
  });

  it('restarts a timer catch event with a new job', async () => {
    // given a case waiting at the timer
    const id = await start('waiting');
    const [old] = (await s.get(`/job?processInstanceId=${id}`).expect(200)).body as Array<{ id: string }>;
    // when the wait starts over
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'wait' }, { type: 'startBeforeActivity', activityId: 'wait' }] }).expect(204);
    // then
    const jobs = (await s.get(`/job?processInstanceId=${id}`).expect(200)).body as Array<{ id: string; executionId: string }>;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.id).not.toBe(old?.id);
    s.advance(HOUR + 1000);
    await s.engine.jobs.runDueJobs();
    expect(await openTasks(id)).toEqual(['next']);
  });

  it('applies input mappings of the started activity unless skipIoMappings is set', async () => {
    // given
    const mapped = await start('waiting');
    const skipped = await start('waiting');
    // when
    await modify(mapped, { instructions: [{ type: 'cancel', activityId: 'wait' }, { type: 'startBeforeActivity', activityId: 'next' }] }).expect(204);
    await modify(skipped, { skipIoMappings: true, instructions: [{ type: 'cancel', activityId: 'wait' }, { type: 'startBeforeActivity', activityId: 'next' }] }).expect(204);
    // then
    expect((await s.get(`/task/${await taskOf(mapped, 'next')}/variables`).expect(200)).body).toEqual({ greeting: { type: 'String', value: 'hello', valueInfo: {} } });
    expect((await s.get(`/task/${await taskOf(skipped, 'next')}/variables`).expect(200)).body).toEqual({});
  });

  it('starts before an asynchronous activity with its job, and cancels the waiting token as a transition instance', async () => {
    // given
    const id = await start('waiting');
    // when
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'queued' }] }).expect(204);
    // then a continuation job waits besides the timer
    const jobs = (await s.get(`/job?processInstanceId=${id}`).expect(200)).body as Array<{ executionId: string; dueDate: string | null }>;
    expect(jobs).toHaveLength(2);
    const continuation = jobs.find((j) => j.dueDate === null) as { executionId: string };
    // when its token is cancelled
    await modify(id, { instructions: [{ type: 'cancel', transitionInstanceId: continuation.executionId }] }).expect(204);
    // then
    expect((await s.get(`/job/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 1 });
    expect((await s.get(`/process-instance/${id}`).expect(200)).body.ended).toBe(false);
  });

  it('starts an event sub-process at its start event as if its event occurred (an error one interrupts its scope)', async () => {
    // given
    const id = await start('guarded');
    // when
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'caught' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['handle']);
    const t = await tree(id);
    expect(t.childActivityInstances.map((n) => n.activityId)).toEqual(['onError']);
    await complete(id, 'handle');
    expect(await historicState(id)).toBe('COMPLETED');
  });

  it('starts an activity inside an event sub-process beside what runs (no interruption)', async () => {
    const id = await start('guarded');
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'handle' }] }).expect(204);
    expect(await openTasks(id)).toEqual(['handle', 'review']);
  });

  it('cancels a call activity with the instance it called, which ends externally terminated', async () => {
    // given
    const id = await start('caller');
    const [called] = (await s.get('/process-instance?processDefinitionKey=child').expect(200)).body as Array<{ id: string }>;
    // when
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'call' }, { type: 'startBeforeActivity', activityId: 'A' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['A']);
    await s.get(`/process-instance/${called?.id ?? ''}`).expect(404);
    expect(await historicState(called?.id ?? '')).toBe('EXTERNALLY_TERMINATED');
  });

  it('starts and cancels a multi-instance activity as a whole; single instances inside it are refused', async () => {
    // given
    const id = await start('multi');
    // when a single instance is started: refused
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'M' }] }).expect(500);
    // when the body is started
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'A' }, { type: 'startBeforeActivity', activityId: 'M#multiInstanceBody' }] }).expect(204);
    // then
    expect(await openTasks(id)).toEqual(['M', 'M']);
    const body = instanceOf(await tree(id), 'M#multiInstanceBody');
    expect(body.childActivityInstances.map((n) => n.activityId)).toEqual(['M', 'M']);
    // when one inner instance is cancelled: refused; the whole body: done
    await modify(id, { instructions: [{ type: 'cancel', activityInstanceId: body.childActivityInstances[0]?.id }] }).expect(500);
    await modify(id, { instructions: [{ type: 'cancel', activityInstanceId: body.id }, { type: 'startBeforeActivity', activityId: 'A' }] }).expect(204);
    expect(await openTasks(id)).toEqual(['A']);
  });

  it('cancels nothing for an activity without instances, even one the model does not have (204, as Camunda)', async () => {
    const id = await start('linear');
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'C' }, { type: 'cancel', activityId: 'nope' }] }).expect(204);
    expect(await openTasks(id)).toEqual(['A']);
  });

  it('answers 204 and does nothing without instructions', async () => {
    const id = await start('linear');
    await modify(id, { instructions: [] }).expect(204);
    await modify('no-such-instance', {}).expect(204);
    expect(await openTasks(id)).toEqual(['A']);
    expect((await s.get(`/history/user-operation/count?processInstanceId=${id}&operationType=ModifyProcessInstance`).expect(200)).body).toEqual({ count: 0 });
  });
});

describe('POST /process-instance/{id}/modification refuses', () => {
  it('an unknown activity with 400, and changes nothing (not even the instructions before it)', async () => {
    // given a case at C
    const id = await start('linear');
    await complete(id, 'A');
    await complete(id, 'B');
    const before = await tree(id);
    // when
    const res = await modify(id, { instructions: [{ type: 'cancel', activityId: 'C' }, { type: 'startBeforeActivity', activityId: 'nope' }] }).expect(400);
    // then
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ type: 'NotValidException', message: expect.stringContaining("'nope'"), code: 0 });
    expect(conformance('POST', '/process-instance/{id}/modification', 400, res.body)).toEqual([]);
    expect(await tree(id)).toEqual(before);
    expect(await openTasks(id)).toEqual(['C']);
    expect((await s.get(`/history/user-operation/count?processInstanceId=${id}&operationType=ModifyProcessInstance`).expect(200)).body).toEqual({ count: 0 });
  });

  it('an unknown activity instance or transition instance with 400, and changes nothing', async () => {
    const id = await start('linear');
    await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'C' }, { type: 'cancel', activityInstanceId: 'A:unknown' }] }).expect(400);
    await modify(id, { instructions: [{ type: 'cancel', transitionInstanceId: 'unknown' }] }).expect(400);
    expect(await openTasks(id)).toEqual(['A']);
  });

  it('an activity instance of another process instance with 400', async () => {
    const other = await start('linear');
    const foreign = instanceOf(await tree(other), 'A');
    const id = await start('linear');
    await modify(id, { instructions: [{ type: 'cancel', activityInstanceId: foreign.id }] }).expect(400);
    expect(await openTasks(id)).toEqual(['A']);
    expect(await openTasks(other)).toEqual(['A']);
  });

  it('malformed instructions with 400 InvalidRequestException', async () => {
    const id = await start('linear');
    const bad = [
      { type: 'startBeforeActivity' },
      { type: 'startAfterActivity', variables: {} },
      { type: 'startTransition', activityId: 'toB' },
      { type: 'cancel' },
      { type: 'cancel', activityId: 'A', activityInstanceId: 'x' },
      { type: 'moveSomewhere', activityId: 'A' },
      { activityId: 'A' },
      { type: 'startBeforeActivity', activityId: 'B', variables: { n: { value: 'abc', type: 'Integer' } } },
    ];
    for (const instruction of bad) {
      const res = await modify(id, { instructions: [instruction] }).expect(400);
      expect(res.body).toMatchObject({ type: 'InvalidRequestException', code: null });
    }
    expect(await openTasks(id)).toEqual(['A']);
  });

  it('an activity to start after that has not exactly one outgoing flow (500, as Camunda)', async () => {
    const id = await start('parallel');
    const res = await modify(id, { instructions: [{ type: 'startAfterActivity', activityId: 'fork' }] }).expect(500);
    expect(res.body.type).toBe('ProcessEngineException');
    expect(await openTasks(id)).toEqual(['left', 'right']);
  });

  it('an unknown process instance (500 ProcessEngineException, as Camunda)', async () => {
    const res = await modify('no-such-instance', { instructions: [{ type: 'startBeforeActivity', activityId: 'A' }] }).expect(500);
    expect(res.body.type).toBe('ProcessEngineException');
  });

  it('starting an activity in a suspended instance (SuspendedEntityInteractionException); cancelling is allowed', async () => {
    // given a suspended case
    const id = await start('parallel');
    await s.put(`/process-instance/${id}/suspended`).send({ suspended: true }).expect(204);
    // when
    const res = await modify(id, { instructions: [{ type: 'startBeforeActivity', activityId: 'done' }] }).expect(500);
    // then
    expect(res.body.type).toBe('SuspendedEntityInteractionException');
    expect(await openTasks(id)).toEqual(['left', 'right']);
    await modify(id, { instructions: [{ type: 'cancel', activityId: 'left' }] }).expect(204);
    expect(await openTasks(id)).toEqual(['right']);
  });
});

describe('DELETE /process-instance/{id}', () => {
  it('records the deletion in the user operation log and the reason in the historic instance', async () => {
    // given
    const id = await start('linear');
    // when
    await s.del(`/process-instance/${id}?deleteReason=${encodeURIComponent('申请人撤回')}`).expect(204);
    // then
    const ops = (await s.get(`/history/user-operation?processInstanceId=${id}&entityType=ProcessInstance`).expect(200)).body;
    expect(ops).toMatchObject([{ operationType: 'Delete', entityType: 'ProcessInstance', userId: 'demo', processInstanceId: id }]);
    const [historic] = (await s.get(`/history/process-instance?processInstanceId=${id}`).expect(200)).body as Array<Record<string, unknown>>;
    expect(historic).toMatchObject({ state: 'EXTERNALLY_TERMINATED', deleteReason: '申请人撤回' });
  });
});

// helpers ////

interface TreeNode {
  id: string;
  activityId: string;
  parentActivityInstanceId: string | null;
  childActivityInstances: TreeNode[];
}

const contract = loadCamundaContract();

/** Violations of the Camunda 7.23 contract (none when the shared conformance folder is absent); `code: null` as Camunda writes it. */
function conformance(method: string, template: string, status: number, body: unknown): string[] {
  if (!contract) return [];
  const shaped = status >= 400 && (body as { code?: unknown }).code === null ? { ...(body as object), code: undefined } : body;
  return contract.validateResponse(method, template, status, shaped);
}

async function start(key: string): Promise<string> {
  return (await s.post(`/process-definition/key/${key}/start`).send({}).expect(200)).body.id as string;
}

function modify(id: string, body: unknown) {
  return s.post(`/process-instance/${id}/modification`).send(body as object);
}

async function tree(id: string): Promise<TreeNode> {
  const res = await s.get(`/process-instance/${id}/activity-instances`).expect(200);
  expect(conformance('GET', '/process-instance/{id}/activity-instances', 200, res.body)).toEqual([]);
  return res.body as TreeNode;
}

/** The one instance of `activityId` in the tree. */
function instanceOf(node: TreeNode, activityId: string): TreeNode {
  const all: TreeNode[] = [];
  const walk = (n: TreeNode) => {
    if (n.activityId === activityId) all.push(n);
    n.childActivityInstances.forEach(walk);
  };
  walk(node);
  if (all.length !== 1) throw new Error(`expected one instance of '${activityId}', found ${all.length}`);
  return all[0] as TreeNode;
}

async function openTasks(id: string): Promise<string[]> {
  const tasks = (await s.get(`/task?processInstanceId=${id}`).expect(200)).body as Array<{ taskDefinitionKey: string }>;
  return tasks.map((t) => t.taskDefinitionKey).sort();
}

async function taskOf(id: string, key: string): Promise<string> {
  const tasks = (await s.get(`/task?processInstanceId=${id}&taskDefinitionKey=${key}`).expect(200)).body as Array<{ id: string }>;
  if (tasks.length !== 1) throw new Error(`expected one task '${key}', found ${tasks.length}`);
  return (tasks[0] as { id: string }).id;
}

async function complete(id: string, key: string): Promise<void> {
  await s.post(`/task/${await taskOf(id, key)}/complete`).send({}).expect(204);
}

async function historicState(id: string): Promise<string> {
  const [h] = (await s.get(`/history/process-instance?processInstanceId=${id}`).expect(200)).body as Array<{ state: string }>;
  return h?.state ?? 'missing';
}
