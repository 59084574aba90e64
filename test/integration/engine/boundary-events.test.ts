import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import type { ActivityInstanceNode } from '../../../src/engine/services/runtime-service.js';

const MINUTE = 60_000;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const timer = (xml: string) => `<bpmn:timerEventDefinition>${xml}</bpmn:timerEventDefinition>`;
const message = (ref: string) => `<bpmn:messageEventDefinition messageRef="${ref}" />`;
const boundary = (id: string, attachedTo: string, definition: string, interrupting = true) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"${interrupting ? '' : ' cancelActivity="false"'}>${definition}</bpmn:boundaryEvent>`;

/** A document with the messages `paid` and `cancelled` and one process. */
function definitions(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_${id}" targetNamespace="http://example.org/test">
  <bpmn:message id="Msg_paid" name="paid" /><bpmn:message id="Msg_cancelled" name="cancelled" />
  <bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="30">${body}</bpmn:process>
</bpmn:definitions>`;
}

/** start → `work` (with `boundaries`) → done ; each boundary → its own user task `<boundaryId>Task`. */
function taskWithBoundaries(id: string, work: string, boundaries: Array<[id: string, xml: string]>): string {
  return definitions(id, `<bpmn:startEvent id="start" />${work}<bpmn:userTask id="done" />
    ${boundaries.map(([b, xml]) => `${xml}<bpmn:userTask id="${b}Task" />${flow(`${b}Flow`, b, `${b}Task`)}`).join('\n')}
    ${flow('f1', 'start', 'work')}${flow('f2', 'work', 'done')}`);
}

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    'timer-user.bpmn': taskWithBoundaries('timerUser', '<bpmn:userTask id="work" />', [['late', boundary('late', 'work', timer('<bpmn:timeDuration>PT1H</bpmn:timeDuration>'))]]),
    'cycle-user.bpmn': taskWithBoundaries('cycleUser', '<bpmn:userTask id="work" />', [['remind', boundary('remind', 'work', timer('<bpmn:timeCycle>R2/PT10M</bpmn:timeCycle>'), false)]]),
    'timer-external.bpmn': taskWithBoundaries('timerExternal', '<bpmn:serviceTask id="work" camunda:type="external" camunda:topic="score" />',
      [['due', boundary('due', 'work', timer('<bpmn:timeDate>${deadline}</bpmn:timeDate>'))]]),
    'timer-sub.bpmn': taskWithBoundaries('timerSub', `<bpmn:subProcess id="work">
        <bpmn:startEvent id="ss" /><bpmn:parallelGateway id="split" />
        <bpmn:userTask id="check" /><bpmn:serviceTask id="score" camunda:type="external" camunda:topic="score" />
        <bpmn:intermediateCatchEvent id="wait">${timer('<bpmn:timeDuration>PT5H</bpmn:timeDuration>')}</bpmn:intermediateCatchEvent>
        <bpmn:receiveTask id="receive" messageRef="Msg_paid" />
        <bpmn:parallelGateway id="merge" /><bpmn:endEvent id="se" />
        ${flow('s1', 'ss', 'split')}${flow('s2', 'split', 'check')}${flow('s3', 'split', 'score')}${flow('s4', 'split', 'wait')}${flow('s5', 'split', 'receive')}
        ${flow('s6', 'check', 'merge')}${flow('s7', 'score', 'merge')}${flow('s8', 'wait', 'merge')}${flow('s9', 'receive', 'merge')}${flow('s10', 'merge', 'se')}
      </bpmn:subProcess>`, [['expired', boundary('expired', 'work', timer('<bpmn:timeDuration>PT2H</bpmn:timeDuration>'))]]),
    'message-receive.bpmn': taskWithBoundaries('messageReceive', '<bpmn:receiveTask id="work" messageRef="Msg_paid" />',
      [['cancel', boundary('cancel', 'work', message('Msg_cancelled'))]]),
    'message-user.bpmn': taskWithBoundaries('messageUser', '<bpmn:userTask id="work" />', [['note', boundary('note', 'work', message('Msg_paid'), false)]]),
    'message-sub.bpmn': taskWithBoundaries('messageSub', `<bpmn:subProcess id="work"><bpmn:startEvent id="ss" /><bpmn:userTask id="inner" /><bpmn:endEvent id="se" />
        ${flow('s1', 'ss', 'inner')}${flow('s2', 'inner', 'se')}</bpmn:subProcess>`, [['cancel', boundary('cancel', 'work', message('Msg_cancelled'))]]),
  });
});
afterAll(async () => {
  await fx.close();
});

const query = async (sql: string, params: unknown[]) => fx.db.dataSource.query<Array<Record<string, unknown>>>(sql, params);
const jobs = (procInstId: string) => query('SELECT id, handler_type, activity_id, execution_id, repeat_ FROM eng_job WHERE proc_inst_id = ? ORDER BY due_date', [procInstId]);
const subscriptions = (procInstId: string) => query('SELECT activity_id, event_name, execution_id FROM eng_event_subscription WHERE proc_inst_id = ? ORDER BY activity_id', [procInstId]);
const externalTasks = async (procInstId: string) => (await fx.engine.externalTasks.query(ACTOR, { processInstanceId: procInstId })).map((t) => t.activityId);
const correlate = (messageName: string, processInstanceId: string, variables: Record<string, unknown> = {}) =>
  fx.engine.messages.correlate(ACTOR, { messageName, processInstanceId, processVariables: typedMap(variables) });

/** Historic activity instances as `[activityId, activityType, state, ended]`, in start order. */
async function activities(procInstId: string): Promise<Array<[string, string, number, boolean]>> {
  const rows = await query('SELECT act_id, act_type, act_inst_state, end_time FROM eng_hi_actinst WHERE proc_inst_id = ? ORDER BY start_time, sequence', [procInstId]);
  return rows.map((r) => [String(r['act_id']), String(r['act_type']), Number(r['act_inst_state']), r['end_time'] !== null]);
}

function shape(node: ActivityInstanceNode): unknown {
  return [...node.childActivityInstances].sort((a, b) => a.activityId.localeCompare(b.activityId))
    .map((c) => (c.childActivityInstances.length ? { [c.activityId]: shape(c) } : c.activityId));
}

describe('an interrupting timer boundary event', () => {
  it('is scheduled on the activity scope execution when the task is entered', async () => {
    const id = await fx.start('timerUser');
    const [job] = await jobs(id);
    expect(job).toMatchObject({ handler_type: 'timer-transition', activity_id: 'late' });
    const task = (await fx.engine.tasks.query(ACTOR, { processInstanceId: id }))[0];
    // as in Camunda, the task runs in its own (scope) execution, a child of the process instance, which owns the timer
    expect(task?.executionId).toBe(job?.['execution_id']);
    expect(task?.executionId).not.toBe(id);
    await fx.engine.runtime.delete(ACTOR, id, null);
    expect(await jobs(id)).toEqual([]);
  });

  it('cancels the user task when it fires: the task is gone and the token takes the boundary flow, in one transaction', async () => {
    // given
    const id = await fx.start('timerUser');
    fx.advance(59 * MINUTE);
    expect(await fx.engine.jobs.runDueJobs()).toBe(0);
    // when
    fx.advance(2 * MINUTE);
    expect(await fx.engine.jobs.runDueJobs()).toBe(1);
    // then
    expect(await fx.openTasks(id)).toEqual(['lateTask']);
    expect(await jobs(id)).toEqual([]);
    expect(await activities(id)).toEqual([
      ['start', 'startEvent', 0, true], ['work', 'userTask', 2, true], ['late', 'boundaryTimer', 0, true], ['lateTask', 'userTask', 0, false],
    ]);
    const [hiTask] = await fx.engine.history.tasks(ACTOR, { processInstanceId: id, taskDefinitionKey: 'work' });
    expect(hiTask).toMatchObject({ deleteReason: 'deleted', endTime: expect.any(Number) });
    expect(await query('SELECT id FROM eng_execution WHERE proc_inst_id = ?', [id])).toHaveLength(1);
    await fx.completeTask(id, 'lateTask');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('is removed with the task when the task completes first', async () => {
    const id = await fx.start('timerUser');
    await fx.completeTask(id, 'work');
    expect(await jobs(id)).toEqual([]);
    expect(await fx.openTasks(id)).toEqual(['done']);
    fx.advance(2 * 60 * MINUTE);
    expect(await fx.engine.jobs.runDueJobs()).toBe(0);
    expect(await fx.openTasks(id)).toEqual(['done']);
  });

  it('cancels an external task at its timeDate: the task disappears from /external-task', async () => {
    const id = await fx.start('timerExternal', { deadline: new Date(Date.now() + 30 * MINUTE) });
    const locked = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 10, usePriority: false, topics: [{ topicName: 'score', lockDuration: 3_600_000 }] });
    expect(locked.filter((l) => l.task.procInstId === id)).toHaveLength(1);
    fx.advance(31 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await externalTasks(id)).toEqual([]);
    expect(await fx.openTasks(id)).toEqual(['dueTask']);
    // the worker's late completion finds no task any more
    await expect(fx.engine.externalTasks.complete(ACTOR, locked.find((l) => l.task.procInstId === id)?.task.id ?? '', 'w', {}, {})).rejects.toMatchObject({ status: 404 });
  });

  it('on a sub-process cancels everything inside it: tasks, external tasks, timers, subscriptions and child executions', async () => {
    // given
    const id = await fx.start('timerSub');
    expect(await fx.openTasks(id)).toEqual(['check']);
    expect(await externalTasks(id)).toEqual(['score']);
    expect((await jobs(id)).map((j) => j['activity_id']).sort()).toEqual(['expired', 'wait']);
    expect(await subscriptions(id)).toEqual([expect.objectContaining({ activity_id: 'receive', event_name: 'paid' })]);
    expect(shape(await fx.engine.runtime.activityInstances(ACTOR, id))).toEqual([{ work: ['check', 'receive', 'score', 'wait'] }]);
    // when
    fx.advance(121 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    // then
    expect(await fx.openTasks(id)).toEqual(['expiredTask']);
    expect(await externalTasks(id)).toEqual([]);
    expect(await jobs(id)).toEqual([]);
    expect(await subscriptions(id)).toEqual([]);
    expect(await query('SELECT id FROM eng_execution WHERE proc_inst_id = ?', [id])).toHaveLength(1);
    const history = await activities(id);
    for (const canceled of ['work', 'check', 'score', 'wait', 'receive']) expect(history.find(([a]) => a === canceled)).toEqual([canceled, expect.any(String), 2, true]);
    expect(history.find(([a]) => a === 'expired')).toEqual(['expired', 'boundaryTimer', 0, true]);
    expect(shape(await fx.engine.runtime.activityInstances(ACTOR, id))).toEqual(['expiredTask']);
  });
});

describe('a non-interrupting timer boundary event', () => {
  it('with a cycle fires once per occurrence while the task stays open, each time on a new concurrent token', async () => {
    // given
    const id = await fx.start('cycleUser');
    expect(await jobs(id)).toEqual([expect.objectContaining({ activity_id: 'remind', repeat_: 'R1/PT10M' })]);
    // when the first occurrence is due
    fx.advance(10 * MINUTE + 1_000);
    await fx.engine.jobs.runDueJobs();
    // then
    expect(await fx.openTasks(id)).toEqual(['remindTask', 'work']);
    expect(await jobs(id)).toEqual([expect.objectContaining({ activity_id: 'remind', repeat_: null })]);
    expect(shape(await fx.engine.runtime.activityInstances(ACTOR, id))).toEqual(['remindTask', 'work']);
    // when the second (last) occurrence is due
    fx.advance(10 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    // then
    expect(await fx.openTasks(id)).toEqual(['remindTask', 'remindTask', 'work']);
    expect(await jobs(id)).toEqual([]);
    // the original task still completes normally
    await fx.completeTask(id, 'work');
    expect(await fx.openTasks(id)).toEqual(['done', 'remindTask', 'remindTask']);
    expect((await activities(id)).filter(([a]) => a === 'work')).toEqual([['work', 'userTask', 0, true]]);
  });

  it('stops when the task completes before the next occurrence', async () => {
    const id = await fx.start('cycleUser');
    fx.advance(10 * MINUTE + 1_000);
    await fx.engine.jobs.runDueJobs();
    await fx.completeTask(id, 'work');
    expect(await jobs(id)).toEqual([]);
    fx.advance(60 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(id)).toEqual(['done', 'remindTask']);
    await fx.completeTask(id, 'done');
    await fx.completeTask(id, 'remindTask');
    expect(await fx.state(id)).toBe('COMPLETED');
  });
});

describe('a message boundary event', () => {
  it('interrupting, on a receive task: the correlated message cancels the task and both subscriptions go', async () => {
    // given
    const id = await fx.start('messageReceive');
    const subs = await subscriptions(id);
    expect(subs.map((s) => [s['activity_id'], s['event_name']])).toEqual([['cancel', 'cancelled'], ['work', 'paid']]);
    expect(subs[0]?.['execution_id']).toBe(subs[1]?.['execution_id']);
    // when
    const result = await correlate('cancelled', id, { reason: 'customer' });
    // then
    expect(result).toHaveLength(1);
    expect(await subscriptions(id)).toEqual([]);
    expect(await fx.openTasks(id)).toEqual(['cancelTask']);
    expect(await fx.vars(id)).toEqual({ reason: 'customer' });
    expect(await activities(id)).toEqual([
      ['start', 'startEvent', 0, true], ['work', 'receiveTask', 2, true], ['cancel', 'boundaryMessage', 0, true], ['cancelTask', 'userTask', 0, false],
    ]);
    await expect(correlate('paid', id)).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
  });

  it('on a receive task is removed when the receive task gets its own message', async () => {
    const id = await fx.start('messageReceive');
    await correlate('paid', id);
    expect(await subscriptions(id)).toEqual([]);
    expect(await fx.openTasks(id)).toEqual(['done']);
  });

  it('non-interrupting, on a user task: each message starts a concurrent token, the subscription and the task stay', async () => {
    // given
    const id = await fx.start('messageUser');
    // when
    await correlate('paid', id);
    await correlate('paid', id);
    // then
    expect(await fx.openTasks(id)).toEqual(['noteTask', 'noteTask', 'work']);
    expect(await subscriptions(id)).toEqual([expect.objectContaining({ activity_id: 'note' })]);
    // when the task completes, the subscription goes with it
    await fx.completeTask(id, 'work');
    expect(await subscriptions(id)).toEqual([]);
    await expect(correlate('paid', id)).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
    expect(await fx.openTasks(id)).toEqual(['done', 'noteTask', 'noteTask']);
  });

  it('interrupting, on a sub-process: subscribed on the sub-process scope execution, cancels the sub-process and its task', async () => {
    // given
    const id = await fx.start('messageSub');
    const scope = (await query('SELECT id FROM eng_execution WHERE proc_inst_id = ? AND parent_id = ?', [id, id]))[0]?.['id'];
    expect(await subscriptions(id)).toEqual([{ activity_id: 'cancel', event_name: 'cancelled', execution_id: scope }]);
    // when
    await correlate('cancelled', id);
    // then
    expect(await fx.openTasks(id)).toEqual(['cancelTask']);
    expect((await fx.engine.history.tasks(ACTOR, { processInstanceId: id, taskDefinitionKey: 'inner' }))[0]).toMatchObject({ deleteReason: 'deleted' });
    expect((await activities(id)).filter(([, , state]) => state === 2).map(([a]) => a)).toEqual(['work', 'inner']);
    await fx.completeTask(id, 'cancelTask');
    expect(await fx.state(id)).toBe('COMPLETED');
  });
});
