import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import type { ActivityInstanceNode } from '../../../src/engine/services/runtime-service.js';

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const HOUR = 3_600_000;

/** start → <activity> → after → end, where `activity` is the multi-instance element under test. */
const around = (key: string, activity: string, extra = '') => bpmnProcess(key, `<bpmn:startEvent id="start" />${activity}
  <bpmn:userTask id="after" /><bpmn:endEvent id="end" />${extra}
  ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'after')}${flow('f3', 'after', 'end')}`);

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    'parallel.bpmn': around('countersign', `<bpmn:userTask id="review" name="会签" camunda:assignee="\${reviewer}">
      <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${reviewers}" camunda:elementVariable="reviewer" /></bpmn:userTask>`),
    'sequential.bpmn': around('inTurn', `<bpmn:userTask id="review" camunda:assignee="\${reviewer}">
      <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="reviewers" camunda:elementVariable="reviewer" /></bpmn:userTask>`),
    'majority.bpmn': around('majority', `<bpmn:userTask id="review">
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:loopCardinality>3</bpmn:loopCardinality>
        <bpmn:completionCondition>\${nrOfCompletedInstances / nrOfInstances &gt;= 0.6}</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`),
    'external.bpmn': around('checks', `<bpmn:serviceTask id="review" camunda:type="external" camunda:topic="mi-check">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>\${count}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`),
    'sub.bpmn': around('perUnit', `<bpmn:subProcess id="review">
      <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${units}" camunda:elementVariable="unit" />
      <bpmn:startEvent id="s" /><bpmn:userTask id="inspect" camunda:assignee="\${unit}" /><bpmn:endEvent id="e" />
      ${flow('s1', 's', 'inspect')}${flow('s2', 'inspect', 'e')}</bpmn:subProcess>`),
    'deadline.bpmn': around('deadline', `<bpmn:userTask id="review">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
      <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:userTask id="escalate" />`, flow('f4', 'late', 'escalate')),
  });
});
afterAll(async () => {
  await fx.close();
});

/** The open tasks of an instance as `taskDefKey:assignee`, sorted. */
async function tasks(procInstId: string): Promise<string[]> {
  return (await fx.engine.tasks.query(ACTOR, { processInstanceId: procInstId })).map((t) => `${t.taskDefKey ?? ''}:${t.assignee ?? ''}`).sort();
}

async function completeAssigned(procInstId: string, assignee: string, variables: Record<string, unknown> = {}): Promise<void> {
  const [task] = await fx.engine.tasks.query(ACTOR, { processInstanceId: procInstId, assignee });
  if (!task) throw new Error(`no task of ${assignee}`);
  await fx.engine.tasks.complete(ACTOR, task.id, typedMap(variables), false);
}

async function anyTask(procInstId: string, key: string) {
  const found = await fx.engine.tasks.query(ACTOR, { processInstanceId: procInstId, taskDefinitionKey: key });
  if (!found[0]) throw new Error(`no task ${key}`);
  return found[0];
}

async function history(procInstId: string): Promise<Array<{ id: string; actId: string; type: string; parent: string | null; state: number; ended: boolean }>> {
  const rows = await fx.db.dataSource.query(
    'SELECT id, act_id, act_type, parent_act_inst_id, act_inst_state, end_time FROM eng_hi_actinst WHERE proc_inst_id = ? ORDER BY start_time, sequence', [procInstId]);
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    id: String(r['id']), actId: String(r['act_id']), type: String(r['act_type']), parent: (r['parent_act_inst_id'] as string | null) ?? null,
    state: Number(r['act_inst_state']), ended: r['end_time'] !== null,
  }));
}

function ids(node: ActivityInstanceNode): unknown {
  return node.childActivityInstances.map((c) => (c.childActivityInstances.length ? { [c.activityId]: ids(c) } : c.activityId));
}

describe('a parallel multi-instance user task (会签)', () => {
  it('creates one task per element of the collection, each with its element variable, and continues when all are done', async () => {
    const id = await fx.start('countersign', { reviewers: ['zhang', 'li', 'wang'] });

    expect(await tasks(id)).toEqual(['review:li', 'review:wang', 'review:zhang']);
    const task = await anyTask(id, 'review');
    const visible = await fx.engine.tasks.getVariables(ACTOR, task.id, false);
    expect(Object.fromEntries(['nrOfInstances', 'nrOfCompletedInstances', 'nrOfActiveInstances'].map((n) => [n, visible[n]?.value]))).toEqual({
      nrOfInstances: 3, nrOfCompletedInstances: 0, nrOfActiveInstances: 3,
    });
    expect(visible['loopCounter']?.type).toBe('integer');

    await completeAssigned(id, 'li');
    await completeAssigned(id, 'zhang');
    expect(await tasks(id)).toEqual(['review:wang']);
    await completeAssigned(id, 'wang');

    expect(await tasks(id)).toEqual(['after:']);
    const vars = await fx.vars(id);
    expect(vars).not.toHaveProperty('reviewer');
    expect(vars).not.toHaveProperty('nrOfInstances');
  });

  it('shows the multi-instance body with its inner instances in the activity instance tree and in history, as Camunda 7', async () => {
    const id = await fx.start('countersign', { reviewers: ['a', 'b'] });

    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(ids(tree)).toEqual([{ 'review#multiInstanceBody': ['review', 'review'] }]);
    expect(tree.childActivityInstances[0]?.activityType).toBe('multiInstanceBody');

    await completeAssigned(id, 'a');
    await completeAssigned(id, 'b');
    const rows = await history(id);
    const body = rows.find((r) => r.actId === 'review#multiInstanceBody');
    expect(body).toMatchObject({ type: 'multiInstanceBody', parent: id, ended: true, state: 0 });
    expect(rows.filter((r) => r.actId === 'review').map((r) => [r.parent, r.ended])).toEqual([[body?.id, true], [body?.id, true]]);
  });

  it('with an empty collection runs no instance and passes on at once', async () => {
    const id = await fx.start('countersign', { reviewers: [] });

    expect(await tasks(id)).toEqual(['after:']);
  });

  it('refuses a collection that is not a list, and starts nothing', async () => {
    const before = await fx.engine.runtime.count(ACTOR, { processDefinitionKey: 'countersign' });

    await expect(fx.start('countersign', { reviewers: 'zhang' })).rejects.toThrow(/is not a list/);

    expect(await fx.engine.runtime.count(ACTOR, { processDefinitionKey: 'countersign' })).toBe(before);
  });
});

describe('a sequential multi-instance user task', () => {
  it('runs one instance at a time in the order of the collection, with loopCounter counting up', async () => {
    const id = await fx.start('inTurn', { reviewers: ['first', 'second'] });

    expect(await tasks(id)).toEqual(['review:first']);
    const task = await anyTask(id, 'review');
    expect((await fx.engine.tasks.getVariables(ACTOR, task.id, false))['loopCounter']?.value).toBe(0);
    await completeAssigned(id, 'first');

    expect(await tasks(id)).toEqual(['review:second']);
    const next = await anyTask(id, 'review');
    expect((await fx.engine.tasks.getVariables(ACTOR, next.id, false))['loopCounter']?.value).toBe(1);
    await completeAssigned(id, 'second');
    expect(await tasks(id)).toEqual(['after:']);
  });
});

describe('a completion condition', () => {
  it('completes the body once it holds and cancels the instances still running', async () => {
    const id = await fx.start('majority');
    expect(await tasks(id)).toEqual(['review:', 'review:', 'review:']);

    const open = await fx.engine.tasks.query(ACTOR, { processInstanceId: id, taskDefinitionKey: 'review' });
    await fx.engine.tasks.complete(ACTOR, open[0]!.id, {}, false);
    expect(await tasks(id)).toHaveLength(2);
    await fx.engine.tasks.complete(ACTOR, open[1]!.id, {}, false);

    expect(await tasks(id)).toEqual(['after:']);
    const cancelled = (await history(id)).filter((r) => r.actId === 'review' && r.state === 2);
    expect(cancelled).toHaveLength(1);
  });
});

describe('a multi-instance external task', () => {
  it('creates loopCardinality external tasks and continues when every one is completed', async () => {
    const id = await fx.start('checks', { count: 2 });
    const locked = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 10, usePriority: false, topics: [{ topicName: 'mi-check', lockDuration: 10_000 }] });
    const mine = locked.filter((l) => l.task.procInstId === id);
    expect(mine).toHaveLength(2);

    for (const l of mine) await fx.engine.externalTasks.complete(ACTOR, l.task.id, 'w', {}, {});

    expect(await tasks(id)).toEqual(['after:']);
  });

  it('refuses a negative loopCardinality with a clear error', async () => {
    await expect(fx.start('checks', { count: -1 })).rejects.toThrow(/loopCardinality must be a positive integer value or zero/);
  });
});

describe('a multi-instance embedded sub-process', () => {
  it('runs one scope per element, each seeing its own element variable', async () => {
    const id = await fx.start('perUnit', { units: ['u1', 'u2'] });

    expect(await tasks(id)).toEqual(['inspect:u1', 'inspect:u2']);
    await completeAssigned(id, 'u2');
    expect(await tasks(id)).toEqual(['inspect:u1']);
    await completeAssigned(id, 'u1');
    expect(await tasks(id)).toEqual(['after:']);
  });
});

describe('a boundary event on a multi-instance activity', () => {
  it('is attached to the body: when it fires, every instance is cancelled', async () => {
    const id = await fx.start('deadline');
    expect(await tasks(id)).toEqual(['review:', 'review:']);

    fx.advance(HOUR + 1000);
    await fx.engine.jobs.runDueJobs();

    expect(await tasks(id)).toEqual(['escalate:']);
    const rows = await history(id);
    expect(rows.filter((r) => r.actId === 'review').every((r) => r.state === 2)).toBe(true);
    expect(rows.find((r) => r.actId === 'review#multiInstanceBody')?.state).toBe(2);
  });
});
