import type { EngineDatabase, Sql } from '../../../src/engine/persistence/database.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';

const start = (id = 'start') => `<bpmn:startEvent id="${id}" />`;
const end = (id = 'end') => `<bpmn:endEvent id="${id}" />`;
const terminateEnd = (id = 'kill') => `<bpmn:endEvent id="${id}"><bpmn:terminateEventDefinition /></bpmn:endEvent>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
const userTask = (id: string, attrs = '', body = '') => `<bpmn:userTask id="${id}" name="${id}" ${attrs}>${body}</bpmn:userTask>`;
const externalTask = (id: string, topic: string, body = '') => `<bpmn:serviceTask id="${id}" camunda:type="external" camunda:topic="${topic}">${body}</bpmn:serviceTask>`;
const io = (inner: string) => `<bpmn:extensionElements><camunda:inputOutput>${inner}</camunda:inputOutput></bpmn:extensionElements>`;
const input = (name: string, value: string) => `<camunda:inputParameter name="${name}">${value}</camunda:inputParameter>`;
const output = (name: string, value: string) => `<camunda:outputParameter name="${name}">${value}</camunda:outputParameter>`;

const onMysql = (process.env['DATABASE_URL'] ?? '').startsWith('mysql');
/** Commands interleave only on MySQL/MariaDB: SQLite has one writer and runs commands one after another. */
const describeOnMysql = onMysql ? describe : describe.skip;

/** The runtime tables that must hold no row of an ended or deleted instance. */
const RUNTIME_TABLES = ['eng_execution', 'eng_variable', 'eng_task', 'eng_identity_link', 'eng_external_task', 'eng_incident'];

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
});
afterAll(async () => {
  await fx.close();
});

async function count(sql: string, params: unknown[]): Promise<number> {
  const rows = await fx.db.dataSource.query<Array<{ c: unknown }>>(sql, params);
  return Number(rows[0]?.c ?? 0);
}

/** Runtime rows of an instance per table, only the tables that still hold some. */
async function runtimeRows(procInstId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of RUNTIME_TABLES) {
    const n = await count(`SELECT COUNT(*) AS c FROM ${table} WHERE proc_inst_id = ?`, [procInstId]);
    if (n > 0) out[table] = n;
  }
  return out;
}

interface HiActivity { actId: string; executionId: string | null; endTime: number | null; state: number; parentActInstId: string | null }

async function activityHistory(procInstId: string, actId?: string): Promise<HiActivity[]> {
  const rows = await fx.db.dataSource.query<Array<Record<string, unknown>>>(
    `SELECT act_id, execution_id, end_time, act_inst_state, parent_act_inst_id FROM eng_hi_actinst WHERE proc_inst_id = ?${actId ? ' AND act_id = ?' : ''} ORDER BY start_time, id`,
    actId ? [procInstId, actId] : [procInstId],
  );
  return rows.map((r) => ({
    actId: String(r['act_id']), executionId: (r['execution_id'] as string | null) ?? null,
    endTime: r['end_time'] == null ? null : Number(r['end_time']), state: Number(r['act_inst_state']),
    parentActInstId: (r['parent_act_inst_id'] as string | null) ?? null,
  }));
}

async function taskHistory(procInstId: string): Promise<Array<{ taskDefKey: string; endTime: number | null; deleteReason: string | null; taskState: string | null }>> {
  const rows = await fx.db.dataSource.query<Array<Record<string, unknown>>>(
    'SELECT task_def_key, end_time, delete_reason, task_state FROM eng_hi_taskinst WHERE proc_inst_id = ? ORDER BY task_def_key',
    [procInstId],
  );
  return rows.map((r) => ({
    taskDefKey: String(r['task_def_key']), endTime: r['end_time'] == null ? null : Number(r['end_time']),
    deleteReason: (r['delete_reason'] as string | null) ?? null, taskState: (r['task_state'] as string | null) ?? null,
  }));
}

async function taskId(procInstId: string, taskDefKey: string): Promise<string> {
  const tasks = await fx.engine.tasks.query(ACTOR, { processInstanceId: procInstId, taskDefinitionKey: taskDefKey });
  if (tasks.length !== 1) throw new Error(`expected one open task '${taskDefKey}', found ${tasks.length}`);
  return tasks[0]!.id;
}

describe('inclusive join', () => {
  it('waits for a forked branch that has not moved yet when the first branch reaches the join without a wait state', async () => {
    // given an inclusive fork whose first branch runs straight into the join and whose second branch stops at a user task
    await fx.deploy({
      'or-immediate.bpmn': bpmnProcess('or-immediate', `${start()}<bpmn:inclusiveGateway id="fork" /><bpmn:task id="quick" />${userTask('slow')}
        <bpmn:inclusiveGateway id="join" />${userTask('after')}
        ${flow('f1', 'start', 'fork')}${flow('fQuick', 'fork', 'quick', '${true}')}${flow('fSlow', 'fork', 'slow', '${true}')}
        ${flow('f2', 'quick', 'join')}${flow('f3', 'slow', 'join')}${flow('f4', 'join', 'after')}`),
    });
    // when
    const id = await fx.start('or-immediate');
    // then the join has not fired: the second branch still has to arrive
    expect(await fx.openTasks(id)).toEqual(['slow']);
    // when the second branch arrives
    await fx.completeTask(id, 'slow');
    // then the join fires once
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await activityHistory(id, 'after')).toHaveLength(1);
  });

  it('fires when the only branch it still waits for ends at an end event instead', async () => {
    // given an inclusive fork into a task that goes to the join and a task that may go to the join or end
    await fx.deploy({
      'or-end.bpmn': bpmnProcess('or-end', `${start()}<bpmn:inclusiveGateway id="fork" />${userTask('a')}${userTask('b')}
        <bpmn:exclusiveGateway id="choice" default="fToEnd" />${end('early')}<bpmn:inclusiveGateway id="join" />${userTask('after')}
        ${flow('f1', 'start', 'fork')}${flow('fA', 'fork', 'a', '${true}')}${flow('fB', 'fork', 'b', '${true}')}
        ${flow('f2', 'a', 'join')}${flow('f3', 'b', 'choice')}${flow('fToJoin', 'choice', 'join', '${toJoin}')}${flow('fToEnd', 'choice', 'early')}
        ${flow('f4', 'join', 'after')}`),
    });
    const id = await fx.start('or-end', { toJoin: false });
    // when a arrives at the join, b can still reach it
    await fx.completeTask(id, 'a');
    expect(await fx.openTasks(id)).toEqual(['b']);
    // when b ends at the end event instead
    await fx.completeTask(id, 'b');
    // then the join fires
    expect(await fx.openTasks(id)).toEqual(['after']);
    await fx.completeTask(id, 'after');
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await runtimeRows(id)).toEqual({});
  });
});

describe('parallel join', () => {
  it('records one historic activity instance of the join per arriving token, all ended', async () => {
    // given
    await fx.deploy({
      'and-history.bpmn': bpmnProcess('and-history', `${start()}<bpmn:parallelGateway id="fork" />${userTask('a')}${userTask('b')}
        <bpmn:parallelGateway id="join" />${userTask('after')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'a')}${flow('f3', 'fork', 'b')}${flow('f4', 'a', 'join')}${flow('f5', 'b', 'join')}${flow('f6', 'join', 'after')}`),
    });
    const id = await fx.start('and-history');
    // when both branches arrive
    await fx.completeTask(id, 'a');
    await fx.completeTask(id, 'b');
    // then, as in Camunda 7, two instances of the join (one per incoming token), both ended
    const join = await activityHistory(id, 'join');
    expect(join).toHaveLength(2);
    expect(join.every((j) => j.endTime !== null)).toBe(true);
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('drops the local variables of the token that continues after a join, as Camunda 7 does', async () => {
    // given a branch whose external task leaves a local variable on its token, a second branch, and a third that stays open
    await fx.deploy({
      'join-locals.bpmn': bpmnProcess('join-locals', `${start()}<bpmn:parallelGateway id="fork" />${externalTask('ext', 'join-locals')}${userTask('b')}${userTask('c')}
        <bpmn:parallelGateway id="join" />${userTask('after')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'ext')}${flow('f3', 'fork', 'b')}${flow('f4', 'fork', 'c')}
        ${flow('f5', 'ext', 'join')}${flow('f6', 'b', 'join')}${flow('f7', 'join', 'after')}`),
    });
    const id = await fx.start('join-locals', { a: 1 });
    await fx.completeTask(id, 'b');
    // when the token with the local variable arrives last and continues
    const [locked] = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 1, usePriority: false, topics: [{ topicName: 'join-locals', lockDuration: 10_000 }] });
    await fx.engine.externalTasks.complete(ACTOR, locked!.task.id, 'w', {}, typedMap({ scratch: 'tmp' }));
    // then the variable did not pass the join
    expect(await fx.openTasks(id)).toEqual(['after', 'c']);
    const vars = await fx.engine.tasks.getVariables(ACTOR, await taskId(id, 'after'), false);
    expect(Object.keys(vars)).toEqual(['a']);
  });

  it('joins the tokens of each pass separately when a fork and its join sit inside a loop', async () => {
    // given a fork/join pair that is run again while `loop` holds
    await fx.deploy({
      'and-loop.bpmn': bpmnProcess('and-loop', `${start()}<bpmn:exclusiveGateway id="merge" /><bpmn:parallelGateway id="fork" />${userTask('a')}${userTask('b')}
        <bpmn:parallelGateway id="join" /><bpmn:exclusiveGateway id="again" default="fEnd" />${end()}
        ${flow('f1', 'start', 'merge')}${flow('f2', 'merge', 'fork')}${flow('f3', 'fork', 'a')}${flow('f4', 'fork', 'b')}${flow('f5', 'a', 'join')}${flow('f6', 'b', 'join')}
        ${flow('f7', 'join', 'again')}${flow('fBack', 'again', 'merge', '${loop}')}${flow('fEnd', 'again', 'end')}`),
    });
    const id = await fx.start('and-loop', { loop: true });
    // when the first pass joins
    await fx.completeTask(id, 'a');
    await fx.completeTask(id, 'b');
    // then the second pass starts with fresh tokens and nothing waits at the join
    expect(await fx.openTasks(id)).toEqual(['a', 'b']);
    expect(await count('SELECT COUNT(*) AS c FROM eng_execution WHERE proc_inst_id = ? AND activity_id = ?', [id, 'join'])).toBe(0);
    // when the second pass joins
    await fx.completeTask(id, 'b', { loop: false });
    await fx.completeTask(id, 'a');
    // then
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await activityHistory(id, 'join')).toHaveLength(4);
    expect(await runtimeRows(id)).toEqual({});
  });

  it('joins the inner fork first and the outer one after it when a branch forks again', async () => {
    // given an outer fork into a and an inner fork (b1, b2) joined before the outer join
    await fx.deploy({
      'nested.bpmn': bpmnProcess('nested', `${start()}<bpmn:parallelGateway id="outer" />${userTask('a')}<bpmn:parallelGateway id="inner" />
        ${userTask('b1')}${userTask('b2')}<bpmn:parallelGateway id="innerJoin" /><bpmn:parallelGateway id="outerJoin" />${userTask('after')}${end()}
        ${flow('f1', 'start', 'outer')}${flow('f2', 'outer', 'a')}${flow('f3', 'outer', 'inner')}${flow('f4', 'inner', 'b1')}${flow('f5', 'inner', 'b2')}
        ${flow('f6', 'b1', 'innerJoin')}${flow('f7', 'b2', 'innerJoin')}${flow('f8', 'innerJoin', 'outerJoin')}${flow('f9', 'a', 'outerJoin')}
        ${flow('f10', 'outerJoin', 'after')}${flow('f11', 'after', 'end')}`),
    });
    const id = await fx.start('nested');
    expect(await fx.openTasks(id)).toEqual(['a', 'b1', 'b2']);
    // when
    await fx.completeTask(id, 'b1');
    await fx.completeTask(id, 'a');
    // then the outer join still waits for the inner one
    expect(await fx.openTasks(id)).toEqual(['b2']);
    // when
    await fx.completeTask(id, 'b2');
    // then
    expect(await fx.openTasks(id)).toEqual(['after']);
    await fx.completeTask(id, 'after');
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await runtimeRows(id)).toEqual({});
    expect((await activityHistory(id)).filter((h) => h.endTime === null)).toEqual([]);
  });

  it('completes the instance when a fork leads straight into an end event and the other branch ends later', async () => {
    // given
    await fx.deploy({
      'fork-end.bpmn': bpmnProcess('fork-end', `${start()}<bpmn:parallelGateway id="fork" />${end('quickEnd')}${userTask('work')}${end()}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'quickEnd')}${flow('f3', 'fork', 'work')}${flow('f4', 'work', 'end')}`),
    });
    // when
    const id = await fx.start('fork-end');
    // then
    expect(await fx.openTasks(id)).toEqual(['work']);
    await fx.completeTask(id, 'work');
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await runtimeRows(id)).toEqual({});
  });
});

describe('camunda:inputOutput', () => {
  it('keeps input variables local to the activity inside concurrent branches and writes outputs to the process instance', async () => {
    // given two external tasks with input/output mappings in parallel branches
    await fx.deploy({
      'io-par.bpmn': bpmnProcess('io-par', `${start()}<bpmn:parallelGateway id="fork" />
        ${externalTask('left', 'io-left', io(input('side', 'L') + output('leftResult', '${result}')))}
        ${externalTask('right', 'io-right', io(input('side', 'R') + output('rightResult', '${result}')))}
        <bpmn:parallelGateway id="join" />${userTask('after')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'left')}${flow('f3', 'fork', 'right')}${flow('f4', 'left', 'join')}${flow('f5', 'right', 'join')}${flow('f6', 'join', 'after')}`),
    });
    const id = await fx.start('io-par');
    // then each activity instance is visible in the tree, and its local variable is not a process variable
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(tree.childActivityInstances.map((c) => c.activityId).sort()).toEqual(['left', 'right']);
    expect(await fx.vars(id)).toEqual({});
    const locked = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 10, usePriority: false, topics: [{ topicName: 'io-left', lockDuration: 10_000, processDefinitionKey: 'io-par' }, { topicName: 'io-right', lockDuration: 10_000, processDefinitionKey: 'io-par' }] });
    const mine = locked.filter((l) => l.task.procInstId === id);
    expect(mine.map((l) => l.variables['side']?.value).sort()).toEqual(['L', 'R']);
    // when both complete with a local result
    for (const l of mine) await fx.engine.externalTasks.complete(ACTOR, l.task.id, 'w', {}, typedMap({ result: `${String(l.variables['side']?.value)}-done` }));
    // then the outputs reach the process instance and no local variable leaked
    expect(await fx.vars(id)).toEqual({ leftResult: 'L-done', rightResult: 'R-done' });
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('evaluates output parameters in order, so a later one sees what an earlier one wrote', async () => {
    // given
    await fx.deploy({
      'io-order.bpmn': bpmnProcess('io-order', `${start()}${userTask('calc', '', io(output('total', '${price * 2}') + output('withTax', '${total + 1}')))}${userTask('after')}
        ${flow('f1', 'start', 'calc')}${flow('f2', 'calc', 'after')}`),
    });
    const id = await fx.start('io-order', { price: 10 });
    // when
    await fx.completeTask(id, 'calc');
    // then
    expect(await fx.vars(id)).toMatchObject({ total: 20, withTax: 21 });
  });

  it('evaluates the conditions of outgoing flows in the activity scope, where its input variables are visible', async () => {
    // given an activity whose local input variable decides the outgoing flow
    await fx.deploy({
      'io-cond.bpmn': bpmnProcess('io-cond', `${start()}${userTask('check', 'default="fLow"', io(input('limit', '${100}')))}${userTask('high')}${userTask('low')}
        ${flow('f1', 'start', 'check')}${flow('fHigh', 'check', 'high', '${amount > limit}')}${flow('fLow', 'check', 'low')}`),
    });
    const id = await fx.start('io-cond', { amount: 500 });
    // when
    await fx.completeTask(id, 'check');
    // then
    expect(await fx.openTasks(id)).toEqual(['high']);
    expect(await fx.vars(id)).toEqual({ amount: 500 });
  });
});

describe('activity instance tree', () => {
  it('names the scope execution of an activity with input/output mappings, and its concurrent parent on the process instance, as Camunda 7', async () => {
    // given a scoped user task and a plain user task in parallel branches, and a third token waiting at the join
    await fx.deploy({
      'tree.bpmn': bpmnProcess('tree', `${start()}<bpmn:parallelGateway id="fork" />${userTask('scoped', '', io(input('local', 'x')))}${userTask('plain')}
        <bpmn:parallelGateway id="join" />${end()}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'scoped')}${flow('f3', 'fork', 'plain')}${flow('f4', 'fork', 'join')}
        ${flow('f5', 'scoped', 'join')}${flow('f6', 'plain', 'join')}${flow('f7', 'join', 'end')}`),
    });
    const id = await fx.start('tree');
    const [scoped] = await fx.engine.tasks.query(ACTOR, { processInstanceId: id, taskDefinitionKey: 'scoped' });
    const [plain] = await fx.engine.tasks.query(ACTOR, { processInstanceId: id, taskDefinitionKey: 'plain' });
    const [scopeRow] = await fx.db.dataSource.query<Array<{ parent_id: string }>>('SELECT parent_id FROM eng_execution WHERE id = ?', [scoped!.executionId]);
    // when
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    // then
    const byActivity = Object.fromEntries(tree.childActivityInstances.map((c) => [c.activityId, c]));
    expect(Object.keys(byActivity).sort()).toEqual(['join', 'plain', 'scoped']);
    expect(byActivity['scoped']!.executionIds).toEqual([scoped!.executionId]);
    expect(byActivity['scoped']!.id).toBe(scoped!.actInstId);
    expect(byActivity['plain']!.executionIds).toEqual([plain!.executionId]);
    expect(tree.executionIds.sort()).toEqual([id, scopeRow!.parent_id].sort());
    expect(tree.childActivityInstances.every((c) => c.parentActivityInstanceId === id)).toBe(true);
  });
});

describe('terminate end event', () => {
  it('cancels every concurrent token, closes their history and leaves no runtime rows', async () => {
    // given a user task with candidates and a task-local variable, an external task and a token waiting at a join
    await fx.deploy({
      'term.bpmn': bpmnProcess('term', `${start()}<bpmn:parallelGateway id="fork" />${userTask('review', 'camunda:candidateGroups="clerks"', io(input('local', 'x')))}
        ${externalTask('check', 'term-check')}${userTask('go')}<bpmn:parallelGateway id="join" />${terminateEnd()}${end()}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'review')}${flow('f3', 'fork', 'check')}${flow('f4', 'fork', 'go')}${flow('f5', 'fork', 'join')}
        ${flow('f6', 'review', 'join')}${flow('f7', 'check', 'end')}${flow('f8', 'go', 'kill')}`),
    });
    const id = await fx.start('term', { keep: 1 });
    await fx.engine.tasks.modifyVariables(ACTOR, await taskId(id, 'review'), typedMap({ note: 'draft' }), [], true);
    // when
    await fx.completeTask(id, 'go');
    // then
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await runtimeRows(id)).toEqual({});
    const open = (await activityHistory(id)).filter((h) => h.endTime === null);
    expect(open).toEqual([]);
    const canceled = (await activityHistory(id)).filter((h) => h.state === 2).map((h) => h.actId).sort();
    expect(canceled).toEqual(['check', 'join', 'review']);
    expect((await taskHistory(id)).find((t) => t.taskDefKey === 'review')).toMatchObject({ taskState: 'Deleted' });
    expect((await taskHistory(id)).find((t) => t.taskDefKey === 'review')?.endTime).not.toBeNull();
  });
});

describe('deleting a process instance', () => {
  beforeAll(async () => {
    await fx.deploy({
      'del.bpmn': bpmnProcess('del', `${start()}<bpmn:parallelGateway id="fork" />${userTask('review', 'camunda:candidateUsers="li"', io(input('local', 'x')))}
        ${externalTask('check', 'del-check')}${userTask('quick')}<bpmn:parallelGateway id="join" />${end()}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'review')}${flow('f3', 'fork', 'check')}${flow('f4', 'fork', 'quick')}
        ${flow('f5', 'review', 'join')}${flow('f6', 'check', 'join')}${flow('f7', 'quick', 'join')}${flow('f8', 'join', 'end')}`),
      'del-single.bpmn': bpmnProcess('del-single', `${start()}${userTask('only', 'camunda:candidateGroups="g"')}${flow('f1', 'start', 'only')}`),
      'del-ext.bpmn': bpmnProcess('del-ext', `${start()}${externalTask('ext', 'del-ext')}${flow('f1', 'start', 'ext')}`),
    });
  });

  it.each([
    ['waiting at a user task', 'del-single'],
    ['waiting at an external task', 'del-ext'],
  ])('removes every runtime row and closes history when %s', async (_what, key) => {
    // given
    const id = await fx.start(key, { v: 1 });
    // when
    await fx.engine.runtime.delete(ACTOR, id, 'no longer needed');
    // then
    expect(await fx.state(id)).toBe('EXTERNALLY_TERMINATED');
    expect(await runtimeRows(id)).toEqual({});
    expect((await activityHistory(id)).filter((h) => h.endTime === null)).toEqual([]);
    expect((await taskHistory(id)).filter((t) => t.endTime === null)).toEqual([]);
  });

  it('removes every runtime row and closes history when tokens wait at a join, a scoped user task and an external task with an incident', async () => {
    // given
    const id = await fx.start('del', { v: 1 });
    await fx.completeTask(id, 'quick');
    const [locked] = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 1, usePriority: false, topics: [{ topicName: 'del-check', lockDuration: 10_000 }] });
    await fx.engine.externalTasks.failure(ACTOR, locked!.task.id, { workerId: 'w', errorMessage: 'boom', retries: 0, retryTimeout: 0 });
    await fx.engine.tasks.modifyVariables(ACTOR, await taskId(id, 'review'), typedMap({ note: 'draft' }), [], true);
    expect((await runtimeRows(id))['eng_incident']).toBe(1);
    // when
    await fx.engine.runtime.delete(ACTOR, id, 'withdrawn');
    // then
    expect(await runtimeRows(id)).toEqual({});
    expect((await activityHistory(id)).filter((h) => h.endTime === null)).toEqual([]);
    expect((await activityHistory(id)).filter((h) => h.state === 2).map((h) => h.actId).sort()).toEqual(['check', 'join', 'review']);
    expect(await taskHistory(id)).toEqual([
      { taskDefKey: 'quick', endTime: expect.any(Number), deleteReason: 'completed', taskState: 'Completed' },
      { taskDefKey: 'review', endTime: expect.any(Number), deleteReason: 'withdrawn', taskState: 'Deleted' },
    ]);
  });
});

describe('variables in return', () => {
  it('returns the process variables of an instance that ends during its start, output mappings included', async () => {
    // given
    await fx.deploy({
      'ret.bpmn': bpmnProcess('ret', `${start()}<bpmn:parallelGateway id="fork" /><bpmn:task id="calc">${io(output('doubled', '${n * 2}'))}</bpmn:task>${end('e1')}${end('e2')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'calc')}${flow('f3', 'fork', 'e1')}${flow('f4', 'calc', 'e2')}`),
    });
    const def = await fx.engine.repository.getLatestByKey(ACTOR, 'ret');
    // when
    const info = await fx.engine.runtime.start(ACTOR, def, { variables: typedMap({ n: 21 }), withVariablesInReturn: true });
    // then
    expect(info.ended).toBe(true);
    expect(Object.fromEntries(Object.entries(info.variables ?? {}).map(([k, v]) => [k, v.value]))).toEqual({ n: 21, doubled: 42 });
    expect(await runtimeRows(info.id)).toEqual({});
  });

  it('returns the process variables when a completion ends the instance', async () => {
    // given
    await fx.deploy({ 'ret-task.bpmn': bpmnProcess('ret-task', `${start()}${userTask('t')}${end()}${flow('f1', 'start', 't')}${flow('f2', 't', 'end')}`) });
    const id = await fx.start('ret-task', { a: 1 });
    // when
    const vars = await fx.engine.tasks.complete(ACTOR, await taskId(id, 't'), typedMap({ b: 2 }), true);
    // then
    expect(Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, v.value]))).toEqual({ a: 1, b: 2 });
    expect(await fx.state(id)).toBe('COMPLETED');
  });
});

describe('task variables', () => {
  beforeAll(async () => {
    await fx.deploy({ 'task-vars.bpmn': bpmnProcess('task-vars', `${start()}${userTask('t1')}${userTask('t2')}${flow('f1', 'start', 't1')}${flow('f2', 't1', 't2')}`) });
  });

  it('sets completion variables on the execution even where the task has a local variable of that name, as Camunda\'s complete does', async () => {
    // given a task-local draft
    const id = await fx.start('task-vars');
    const t1 = await taskId(id, 't1');
    await fx.engine.tasks.modifyVariables(ACTOR, t1, typedMap({ draft: 'x' }), [], true);
    // when the task is completed with a variable of the same name
    await fx.engine.tasks.complete(ACTOR, t1, typedMap({ draft: 'final' }), false);
    // then it is a process variable, not dropped with the task
    expect(await fx.vars(id)).toEqual({ draft: 'final' });
  });

  it('sets resolution variables on the execution, leaving the task-local one as it was', async () => {
    // given a delegated task with a task-local draft
    const id = await fx.start('task-vars');
    const t1 = await taskId(id, 't1');
    await fx.engine.tasks.modifyVariables(ACTOR, t1, typedMap({ draft: 'x' }), [], true);
    await fx.engine.tasks.setAssignee(ACTOR, t1, 'li');
    await fx.engine.tasks.delegate(ACTOR, t1, 'wang');
    // when
    await fx.engine.tasks.resolve(ACTOR, t1, typedMap({ draft: 'final' }));
    // then
    expect(await fx.vars(id)).toEqual({ draft: 'final' });
    expect((await fx.engine.tasks.getVariables(ACTOR, t1, true))['draft']?.value).toBe('x');
  });

  it('sets submitted form variables on the task first, as Camunda\'s form service does', async () => {
    // given a task-local draft
    const id = await fx.start('task-vars');
    const t1 = await taskId(id, 't1');
    await fx.engine.tasks.modifyVariables(ACTOR, t1, typedMap({ draft: 'x' }), [], true);
    // when the form is submitted with that name and another one
    await fx.engine.tasks.submitForm(ACTOR, t1, typedMap({ draft: 'final', decision: 'ok' }), false);
    // then the task-local one went with the task
    expect(await fx.vars(id)).toEqual({ decision: 'ok' });
  });
});

describe('variables in return of a task command', () => {
  it('returns the process instance variables, not the local variables of the task\'s scope, when a delegated task\'s form is submitted', async () => {
    // given a delegated task with an input mapping
    await fx.deploy({ 'ret-form.bpmn': bpmnProcess('ret-form', `${start()}${userTask('t', '', io(input('local', 'x')))}${flow('f1', 'start', 't')}`) });
    const id = await fx.start('ret-form', { a: 1 });
    const t = await taskId(id, 't');
    await fx.engine.tasks.setAssignee(ACTOR, t, 'li');
    await fx.engine.tasks.delegate(ACTOR, t, 'wang');
    // when
    const vars = await fx.engine.tasks.submitForm(ACTOR, t, typedMap({ b: 2 }), true);
    // then
    expect(Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, v.value]))).toEqual({ a: 1, b: 2 });
  });

  it('returns the process instance variables, not the local variables of a concurrent execution, when a completion continues it', async () => {
    // given a branch whose external task leaves a local variable on its concurrent execution before a user task
    await fx.deploy({
      'ret-conc.bpmn': bpmnProcess('ret-conc', `${start()}<bpmn:parallelGateway id="fork" />${externalTask('ext', 'ret-conc')}${userTask('u')}${userTask('v')}${userTask('w')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'ext')}${flow('f3', 'ext', 'u')}${flow('f4', 'u', 'v')}${flow('f5', 'fork', 'w')}`),
    });
    const id = await fx.start('ret-conc', { a: 1 });
    const [locked] = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 1, usePriority: false, topics: [{ topicName: 'ret-conc', lockDuration: 10_000 }] });
    await fx.engine.externalTasks.complete(ACTOR, locked!.task.id, 'w', {}, typedMap({ scratch: 'tmp' }));
    // when
    const vars = await fx.engine.tasks.complete(ACTOR, await taskId(id, 'u'), typedMap({ b: 2 }), true);
    // then
    expect(Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, v.value]))).toEqual({ a: 1, b: 2 });
  });
});

describe('failing commands', () => {
  it('rolls a completion back entirely when the next task cannot be created', async () => {
    // given a second task whose assignee expression names a variable that does not exist
    await fx.deploy({
      'rollback.bpmn': bpmnProcess('rollback', `${start()}${userTask('first')}${userTask('second', 'camunda:assignee="${nobody}"')}
        ${flow('f1', 'start', 'first')}${flow('f2', 'first', 'second')}`),
    });
    const id = await fx.start('rollback');
    const first = await taskId(id, 'first');
    const historyBefore = await activityHistory(id);
    // when
    await expect(fx.engine.tasks.complete(ACTOR, first, typedMap({ set: 'x' }), false)).rejects.toMatchObject({ status: 500 });
    // then
    expect(await fx.openTasks(id)).toEqual(['first']);
    expect(await fx.vars(id)).toEqual({});
    expect(await activityHistory(id)).toEqual(historyBefore);
    expect((await taskHistory(id))).toEqual([{ taskDefKey: 'first', endTime: null, deleteReason: null, taskState: 'Created' }]);
    expect(await count('SELECT COUNT(*) AS c FROM eng_hi_op_log WHERE task_id = ?', [first])).toBe(0);
  });
});

describeOnMysql('commands racing on one instance (MySQL/MariaDB)', () => {
  /**
   * Holds the next command after it has read everything, just before it writes, until `release` is called;
   * `paused` resolves once it is held there.
   */
  function holdNextCommandBeforeWriting(): { paused: Promise<void>; release: () => void; restore: () => void } {
    const db = fx.engine.db as { transaction: EngineDatabase['transaction'] };
    const original = db.transaction.bind(db);
    let release!: () => void;
    let onPaused!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const paused = new Promise<void>((ok) => (onPaused = ok));
    let armed = true;
    db.transaction = (fn) => {
      if (!armed) return original(fn);
      armed = false;
      return original((sql) => {
        let held = false;
        const wrapped: Sql = {
          query: (text, params) => sql.query(text, params),
          execute: async (text, params) => {
            if (!held) {
              held = true;
              onPaused();
              await gate;
            }
            return sql.execute(text, params);
          },
        };
        return fn(wrapped);
      });
    };
    return { paused, release, restore: () => { db.transaction = original; } };
  }

  it('lets only one of two concurrent completions end the last two tokens, so the instance cannot be left without a token', async () => {
    // given two parallel branches that each end at their own end event
    await fx.deploy({
      'race-end.bpmn': bpmnProcess('race-end', `${start()}<bpmn:parallelGateway id="fork" />${userTask('a')}${userTask('b')}${end('endA')}${end('endB')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'a')}${flow('f3', 'fork', 'b')}${flow('f4', 'a', 'endA')}${flow('f5', 'b', 'endB')}`),
    });
    const id = await fx.start('race-end');
    const a = await taskId(id, 'a');
    const b = await taskId(id, 'b');
    // when a's completion has read the instance (b still running) and b's completion commits before a's writes
    const hold = holdNextCommandBeforeWriting();
    let first: Promise<unknown>;
    try {
      first = fx.engine.tasks.complete(ACTOR, a, {}, false);
      first.catch(() => undefined);
      await hold.paused;
      await fx.engine.tasks.complete(ACTOR, b, {}, false);
    } finally {
      hold.release();
      hold.restore();
    }
    // then the stale completion fails and changes nothing
    await expect(first).rejects.toMatchObject({ type: 'OptimisticLockingException' });
    expect(await fx.openTasks(id)).toEqual(['a']);
    // and retrying it ends the instance
    await fx.completeTask(id, 'a');
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await runtimeRows(id)).toEqual({});
  });

  it('lets only one of two concurrent commands create the same new variable, so a scope never holds it twice', async () => {
    // given two parallel branches whose tasks both set `result` on the process instance
    await fx.deploy({
      'race-var.bpmn': bpmnProcess('race-var', `${start()}<bpmn:parallelGateway id="fork" />${userTask('a')}${userTask('b')}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'a')}${flow('f3', 'fork', 'b')}`),
    });
    const id = await fx.start('race-var');
    const a = await taskId(id, 'a');
    const b = await taskId(id, 'b');
    // when a's completion has read the variables (no `result` yet) and b's completion creates `result` first
    const hold = holdNextCommandBeforeWriting();
    let first: Promise<unknown>;
    try {
      first = fx.engine.tasks.complete(ACTOR, a, typedMap({ result: 'from a' }), false);
      first.catch(() => undefined);
      await hold.paused;
      await fx.engine.tasks.complete(ACTOR, b, typedMap({ result: 'from b' }), false);
    } finally {
      hold.release();
      hold.restore();
    }
    // then the database refuses the second row: the stale completion fails and changes nothing
    await expect(first).rejects.toMatchObject({ type: 'OptimisticLockingException' });
    const rows = await fx.db.dataSource.query<Array<{ c: number }>>("SELECT COUNT(*) AS c FROM eng_variable WHERE proc_inst_id = ? AND name = 'result'", [id]);
    expect(Number(rows[0]!.c)).toBe(1);
    expect(await fx.openTasks(id)).toEqual(['a']);
    expect((await fx.vars(id))['result']).toBe('from b');
  });
});
