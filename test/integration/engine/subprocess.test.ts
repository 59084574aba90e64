import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import type { ActivityInstanceNode } from '../../../src/engine/services/runtime-service.js';

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    // start → sub(subStart → inner → subEnd) → after → end
    'simple.bpmn': bpmnProcess('simpleSub', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub" name="Review">
        <bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="local">\${amount * 2}</camunda:inputParameter>
          <camunda:outputParameter name="doubled">\${local}</camunda:outputParameter>
        </camunda:inputOutput></bpmn:extensionElements>
        <bpmn:startEvent id="subStart" /><bpmn:userTask id="inner" /><bpmn:endEvent id="subEnd" />
        ${flow('s1', 'subStart', 'inner')}${flow('s2', 'inner', 'subEnd')}
      </bpmn:subProcess>
      <bpmn:userTask id="after" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'sub')}${flow('f2', 'sub', 'after')}${flow('f3', 'after', 'end')}`),
    // start → fork(outerTask, sub(fork(a, b) → join → subEnd)) → join → after
    'parallel.bpmn': bpmnProcess('parallelSub', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:userTask id="outerTask" />
      <bpmn:subProcess id="sub">
        <bpmn:startEvent id="subStart" /><bpmn:parallelGateway id="subFork" /><bpmn:userTask id="a" /><bpmn:userTask id="b" />
        <bpmn:parallelGateway id="subJoin" /><bpmn:endEvent id="subEnd" />
        ${flow('s1', 'subStart', 'subFork')}${flow('s2', 'subFork', 'a')}${flow('s3', 'subFork', 'b')}
        ${flow('s4', 'a', 'subJoin')}${flow('s5', 'b', 'subJoin')}${flow('s6', 'subJoin', 'subEnd')}
      </bpmn:subProcess>
      <bpmn:parallelGateway id="join" /><bpmn:userTask id="after" />
      ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'outerTask')}${flow('f3', 'fork', 'sub')}
      ${flow('f4', 'outerTask', 'join')}${flow('f5', 'sub', 'join')}${flow('f6', 'join', 'after')}`),
    // start → sub(fork(work, terminateEnd)) → after ; terminate ends only the sub-process
    'terminate.bpmn': bpmnProcess('terminateSub', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:userTask id="outer" />
      <bpmn:subProcess id="sub">
        <bpmn:startEvent id="subStart" /><bpmn:parallelGateway id="subFork" /><bpmn:userTask id="work" /><bpmn:userTask id="quick" />
        <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent><bpmn:endEvent id="workEnd" />
        ${flow('s1', 'subStart', 'subFork')}${flow('s2', 'subFork', 'work')}${flow('s3', 'subFork', 'quick')}
        ${flow('s4', 'quick', 'kill')}${flow('s5', 'work', 'workEnd')}
      </bpmn:subProcess>
      <bpmn:userTask id="after" />
      ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'outer')}${flow('f3', 'fork', 'sub')}${flow('f4', 'sub', 'after')}`),
    // start → outerSub(innerSub(deep)) → end
    'nested.bpmn': bpmnProcess('nestedSub', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="outerSub"><bpmn:startEvent id="os" />
        <bpmn:subProcess id="innerSub"><bpmn:startEvent id="is" /><bpmn:userTask id="deep" /><bpmn:endEvent id="ie" />${flow('i1', 'is', 'deep')}${flow('i2', 'deep', 'ie')}</bpmn:subProcess>
        <bpmn:endEvent id="oe" />${flow('o1', 'os', 'innerSub')}${flow('o2', 'innerSub', 'oe')}
      </bpmn:subProcess>
      <bpmn:endEvent id="end" />${flow('f1', 'start', 'outerSub')}${flow('f2', 'outerSub', 'end')}`),
  });
});
afterAll(async () => {
  await fx.close();
});

/** The historic activity instances of an instance, in start order. */
async function activities(procInstId: string): Promise<Array<{ id: string; actId: string; type: string; parent: string | null; state: number; ended: boolean }>> {
  const rows = await fx.db.dataSource.query(
    'SELECT id, act_id, act_type, parent_act_inst_id, act_inst_state, end_time FROM eng_hi_actinst WHERE proc_inst_id = ? ORDER BY start_time, sequence', [procInstId]);
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    id: String(r['id']), actId: String(r['act_id']), type: String(r['act_type']), parent: (r['parent_act_inst_id'] as string | null) ?? null,
    state: Number(r['act_inst_state']), ended: r['end_time'] !== null,
  }));
}

/** The activity instance tree as nested `activityId` → children. */
function shape(node: ActivityInstanceNode): unknown {
  return [...node.childActivityInstances].sort((a, b) => a.activityId.localeCompare(b.activityId))
    .map((c) => (c.childActivityInstances.length ? { [c.activityId]: shape(c) } : c.activityId));
}

describe('an embedded sub-process', () => {
  it('runs in its own scope execution from its none start event, nests its activities and continues when it completes', async () => {
    // given
    const id = await fx.start('simpleSub', { amount: 21 });
    // then the token waits inside the sub-process, in a child execution of the process instance
    expect(await fx.openTasks(id)).toEqual(['inner']);
    const executions = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT id, parent_id, is_scope, activity_id FROM eng_execution WHERE proc_inst_id = ?', [id]);
    expect(executions).toHaveLength(2);
    const scope = executions.find((e) => e['parent_id'] === id);
    expect(scope).toMatchObject({ activity_id: 'inner' });
    expect(Boolean(scope?.['is_scope'])).toBe(true);
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(shape(tree)).toEqual([{ sub: ['inner'] }]);
    const subNode = tree.childActivityInstances[0] as ActivityInstanceNode;
    expect(subNode).toMatchObject({ activityType: 'subProcess', activityName: 'Review', parentActivityInstanceId: id, executionIds: [scope?.['id']] });
    expect(subNode.childActivityInstances[0]).toMatchObject({ activityId: 'inner', parentActivityInstanceId: subNode.id });
    // history: the sub-process instance is the parent of its start event and task
    const history = await activities(id);
    const sub = history.find((a) => a.actId === 'sub');
    expect(sub).toMatchObject({ id: subNode.id, type: 'subProcess', parent: id, ended: false });
    expect(history.filter((a) => ['subStart', 'inner'].includes(a.actId)).map((a) => a.parent)).toEqual([subNode.id, subNode.id]);
    // the input mapping is local to the sub-process scope
    expect(await fx.engine.runtime.getExecutionLocalVariables(ACTOR, String(scope?.['id']))).toMatchObject({ local: { type: 'long', value: 42 } });
    expect(await fx.vars(id)).toEqual({ amount: 21 });

    // when the inner task completes with a variable (setVariable semantics: it goes to the process instance)
    await fx.completeTask(id, 'inner', { decided: true });

    // then the sub-process completes, its output mapping runs, and the token leaves it
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await fx.vars(id)).toEqual({ amount: 21, decided: true, doubled: 42 });
    const after = await activities(id);
    expect(after.find((a) => a.actId === 'sub')).toMatchObject({ ended: true, state: 0 });
    expect(after.find((a) => a.actId === 'subEnd')).toMatchObject({ type: 'noneEndEvent', parent: subNode.id, ended: true });
    expect(after.find((a) => a.actId === 'after')).toMatchObject({ parent: id });
    await fx.completeTask(id, 'after');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('sets a variable that exists in the sub-process scope there (setVariable semantics), not on the instance', async () => {
    const id = await fx.start('simpleSub', { amount: 1 });
    await fx.completeTask(id, 'inner', { local: 7 });
    // `local` existed on the sub-process scope: the completion updated it there, the output mapping copied it out
    expect(await fx.vars(id)).toEqual({ amount: 1, doubled: 7 });
    await fx.completeTask(id, 'after');
  });

  it('forks and joins inside its own scope; the outer join counts only the outer tokens', async () => {
    // given
    const id = await fx.start('parallelSub');
    expect(await fx.openTasks(id)).toEqual(['a', 'b', 'outerTask']);
    expect(shape(await fx.engine.runtime.activityInstances(ACTOR, id))).toEqual(['outerTask', { sub: ['a', 'b'] }]);
    // when the outer token arrives at the outer join first, and one inner token at the inner join
    await fx.completeTask(id, 'outerTask');
    await fx.completeTask(id, 'a');
    // then nothing passes: the inner join waits for b, the outer join for the sub-process
    expect(await fx.openTasks(id)).toEqual(['b']);
    // when
    await fx.completeTask(id, 'b');
    // then the sub-process completes and the outer join fires once
    expect(await fx.openTasks(id)).toEqual(['after']);
    const history = await activities(id);
    expect(history.filter((a) => a.actId === 'subJoin').every((a) => a.parent === history.find((h) => h.actId === 'sub')?.id)).toBe(true);
    expect(history.filter((a) => a.actId === 'after')).toHaveLength(1);
    await fx.completeTask(id, 'after');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('ends only the sub-process at a terminate end event inside it; the sub-process then completes normally', async () => {
    // given
    const id = await fx.start('terminateSub');
    expect(await fx.openTasks(id)).toEqual(['outer', 'quick', 'work']);
    // when the inner token reaches the terminate end event
    await fx.completeTask(id, 'quick');
    // then the other inner task is gone in the same command, the outer one stays, and the token left the sub-process
    expect(await fx.openTasks(id)).toEqual(['after', 'outer']);
    const history = await activities(id);
    expect(history.find((a) => a.actId === 'work')).toMatchObject({ ended: true, state: 2 });
    expect(history.find((a) => a.actId === 'kill')).toMatchObject({ type: 'terminateEndEvent', ended: true });
    expect(history.find((a) => a.actId === 'sub')).toMatchObject({ ended: true, state: 0 });
    const task = await fx.engine.history.tasks(ACTOR, { processInstanceId: id, taskDefinitionKey: 'work' });
    expect(task[0]).toMatchObject({ deleteReason: 'terminated' });
    expect(await fx.state(id)).toBe('ACTIVE');
    await fx.completeTask(id, 'after');
    await fx.completeTask(id, 'outer');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('nests sub-processes in sub-processes, in the tree and in history; deleting the instance cancels them all', async () => {
    // given
    const id = await fx.start('nestedSub');
    // then
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(shape(tree)).toEqual([{ outerSub: [{ innerSub: ['deep'] }] }]);
    const outer = tree.childActivityInstances[0] as ActivityInstanceNode;
    const inner = outer.childActivityInstances[0] as ActivityInstanceNode;
    expect(inner.parentActivityInstanceId).toBe(outer.id);
    expect((inner.childActivityInstances[0] as ActivityInstanceNode).parentActivityInstanceId).toBe(inner.id);
    // when
    await fx.engine.runtime.delete(ACTOR, id, 'no longer needed');
    // then every open activity instance ends as canceled
    const history = await activities(id);
    expect(history.filter((a) => ['outerSub', 'innerSub', 'deep'].includes(a.actId)).map((a) => [a.actId, a.ended, a.state]))
      .toEqual([['outerSub', true, 2], ['innerSub', true, 2], ['deep', true, 2]]);
    expect(await fx.db.dataSource.query('SELECT id FROM eng_execution WHERE proc_inst_id = ?', [id])).toEqual([]);
  });

  it('completes the nested sub-processes one after the other and the process with them', async () => {
    const id = await fx.start('nestedSub');
    await fx.completeTask(id, 'deep');
    expect(await fx.state(id)).toBe('COMPLETED');
    const history = await activities(id);
    expect(history.map((a) => a.actId)).toEqual(['start', 'outerSub', 'os', 'innerSub', 'is', 'deep', 'ie', 'oe', 'end']);
    expect(history.every((a) => a.ended)).toBe(true);
    // each end event ended the last token of its scope: it completed the scope, as Camunda 7 records it
    expect(history.filter((a) => a.state === 1).map((a) => a.actId)).toEqual(['ie', 'oe', 'end']);
  });

  it('passes start variables into the sub-process expressions', async () => {
    const id = await fx.start('simpleSub', { amount: 5 });
    await fx.engine.runtime.modifyVariables(ACTOR, id, typedMap({ amount: 6 }), []);
    await fx.completeTask(id, 'inner');
    expect(await fx.vars(id)).toMatchObject({ doubled: 10 });
    await fx.completeTask(id, 'after');
  });
});
