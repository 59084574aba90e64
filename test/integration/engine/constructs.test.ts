import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';

const start = (id = 'start') => `<bpmn:startEvent id="${id}" />`;
const end = (id = 'end') => `<bpmn:endEvent id="${id}" />`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
const userTask = (id: string, attrs = '') => `<bpmn:userTask id="${id}" name="${id}" ${attrs} />`;

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
});
afterAll(async () => {
  await fx.close();
});

describe('start and end events', () => {
  it('completes an instance that runs from the none start event straight to a none end event', async () => {
    // given
    const defs = await fx.deploy({ 'straight.bpmn': bpmnProcess('straight', `${start()}${end()}${flow('f1', 'start', 'end')}`) });
    // when
    const info = await fx.engine.runtime.start(ACTOR, defs['straight']!, { variables: typedMap({ a: 1 }), withVariablesInReturn: true });
    // then
    expect(info.ended).toBe(true);
    expect(info.variables?.['a']?.value).toBe(1);
    expect(await fx.state(info.id)).toBe('COMPLETED');
    expect(await fx.engine.runtime.count(ACTOR, { processInstanceIds: [info.id] })).toBe(0);
  });

  it('ends the whole instance at a terminate end event, cancelling parallel work', async () => {
    await fx.deploy({
      'terminate.bpmn': bpmnProcess('terminate', `${start()}<bpmn:parallelGateway id="fork" />${userTask('a')}${userTask('b')}
        <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'a')}${flow('f3', 'fork', 'b')}${flow('f4', 'a', 'kill')}`),
    });
    const id = await fx.start('terminate');
    expect(await fx.openTasks(id)).toEqual(['a', 'b']);
    await fx.completeTask(id, 'a');
    expect(await fx.openTasks(id)).toEqual([]);
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('treats an activity without outgoing flows as an implicit end', async () => {
    await fx.deploy({ 'implicit.bpmn': bpmnProcess('implicit', `${start()}${userTask('only')}${flow('f1', 'start', 'only')}`) });
    const id = await fx.start('implicit');
    await fx.completeTask(id, 'only');
    expect(await fx.state(id)).toBe('COMPLETED');
  });
});

describe('user tasks', () => {
  it('evaluates assignee, candidates, dates, priority and form attributes as expressions', async () => {
    // given
    await fx.deploy({
      'attrs.bpmn': bpmnProcess('attrs', `${start()}
        ${userTask('review', `camunda:assignee="\${reviewer}" camunda:candidateUsers="zhang, \${deputy}" camunda:candidateGroups="\${groups}, legal" camunda:dueDate="\${due}" camunda:followUpDate="P2D" camunda:priority="\${urgent ? 80 : 20}" camunda:formKey="embedded:app:forms/review.html"`)}
        ${userTask('decide', 'camunda:formRef="permit-decision" camunda:formRefBinding="version" camunda:formRefVersion="2" camunda:candidateGroups="${groupList}"')}
        ${end()}${flow('f1', 'start', 'review')}${flow('f2', 'review', 'decide')}${flow('f3', 'decide', 'end')}`),
    });
    const due = new Date('2026-12-01T09:00:00.000Z');
    // when
    const id = await fx.start('attrs', { reviewer: 'li', deputy: 'wang', groups: 'city-reviewers', due, urgent: true, groupList: ['a', 'b'] });
    // then
    const [task] = await fx.engine.tasks.query(ACTOR, { processInstanceId: id });
    expect(task).toMatchObject({ assignee: 'li', priority: 80, dueDate: due.getTime(), formKey: 'embedded:app:forms/review.html', name: 'review' });
    expect(task!.followUpDate! - task!.createTime).toBeGreaterThanOrEqual(2 * 86_400_000 - 3_600_000);
    const links = await fx.engine.tasks.identityLinks(ACTOR, task!.id);
    expect(links).toEqual(expect.arrayContaining([
      { userId: 'li', groupId: null, type: 'assignee' },
      { userId: 'zhang', groupId: null, type: 'candidate' },
      { userId: 'wang', groupId: null, type: 'candidate' },
      { userId: null, groupId: 'city-reviewers', type: 'candidate' },
      { userId: null, groupId: 'legal', type: 'candidate' },
    ]));
    await fx.completeTask(id, 'review');
    const [decide] = await fx.engine.tasks.query(ACTOR, { processInstanceId: id });
    expect(decide).toMatchObject({ formRefKey: 'permit-decision', formRefBinding: 'version', formRefVersion: 2, assignee: null });
    expect(await fx.engine.tasks.query(ACTOR, { candidateGroup: 'b' })).toHaveLength(1);
  });

  it('refuses to start when an attribute expression names an unknown variable, and writes nothing', async () => {
    await fx.deploy({ 'unknown.bpmn': bpmnProcess('unknown-var', `${start()}${userTask('t', 'camunda:assignee="${nobody}"')}${flow('f1', 'start', 't')}`) });
    const before = await fx.engine.runtime.count(ACTOR, { processDefinitionKey: 'unknown-var' });
    await expect(fx.start('unknown-var')).rejects.toMatchObject({ type: 'ProcessEngineException', status: 500 });
    expect(await fx.engine.runtime.count(ACTOR, { processDefinitionKey: 'unknown-var' })).toBe(before);
    expect(await fx.engine.tasks.count(ACTOR, { taskDefinitionKey: 't', processDefinitionKey: 'unknown-var' })).toBe(0);
  });
});

describe('external service tasks', () => {
  it('creates an external task with topic and priority from expressions, falling back to the process task priority', async () => {
    await fx.deploy({
      'ext.bpmn': `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="ext" isExecutable="true" camunda:taskPriority="7">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="\${kind}-check" camunda:taskPriority="\${level * 10}" />
    <bpmn:sendTask id="notify" camunda:type="external" camunda:topic="notify" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="notify" />
    <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`,
    });
    const id = await fx.start('ext', { kind: 'background', level: 3 }, 'BK-1');
    const [check] = await fx.engine.externalTasks.query(ACTOR, { processInstanceId: id });
    expect(check).toMatchObject({ topic: 'background-check', priority: 30, businessKey: 'BK-1', activityId: 'check', retries: null, workerId: null });
    await fx.completeExternal(id, 'background-check', { clear: true });
    const [notify] = await fx.engine.externalTasks.query(ACTOR, { processInstanceId: id });
    expect(notify).toMatchObject({ topic: 'notify', priority: 7 });
    await fx.completeExternal(id, 'notify');
    expect(await fx.state(id)).toBe('COMPLETED');
  });
});

describe('exclusive gateway', () => {
  beforeAll(async () => {
    await fx.deploy({
      'xor.bpmn': bpmnProcess('xor', `${start()}<bpmn:exclusiveGateway id="gw" default="fDefault" />${userTask('high')}${userTask('low')}${userTask('other')}
        ${flow('f1', 'start', 'gw')}${flow('fHigh', 'gw', 'high', '${amount > 100}')}${flow('fLow', 'gw', 'low', '${amount &lt;= 100 &amp;&amp; amount gt 0}')}${flow('fDefault', 'gw', 'other')}`),
      'xor-nodefault.bpmn': bpmnProcess('xor-nodefault', `${start()}<bpmn:exclusiveGateway id="gw" />${userTask('yes')}
        ${flow('f1', 'start', 'gw')}${flow('fYes', 'gw', 'yes', '${ok}')}`),
    });
  });

  it.each([
    [500, 'high'],
    [50, 'low'],
    [0, 'other'],
  ])('routes amount %d to %s', async (amount, expected) => {
    const id = await fx.start('xor', { amount });
    expect(await fx.openTasks(id)).toEqual([expected]);
  });

  it('fails the start when no flow matches and there is no default flow, leaving no instance behind', async () => {
    await expect(fx.start('xor-nodefault', { ok: false })).rejects.toMatchObject({ status: 500 });
    expect(await fx.engine.runtime.count(ACTOR, { processDefinitionKey: 'xor-nodefault' })).toBe(0);
  });

  it('fails when a condition does not evaluate to a boolean', async () => {
    await expect(fx.start('xor-nodefault', { ok: 'yes' })).rejects.toMatchObject({ status: 500 });
  });
});

describe('parallel gateway', () => {
  beforeAll(async () => {
    await fx.deploy({
      'and.bpmn': bpmnProcess('and', `${start()}<bpmn:parallelGateway id="fork" />${userTask('a')}${userTask('b')}${userTask('c')}<bpmn:parallelGateway id="join" />${userTask('after')}${end()}
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'a')}${flow('f3', 'fork', 'b')}${flow('f4', 'fork', 'c')}
        ${flow('f5', 'a', 'join')}${flow('f6', 'b', 'join')}${flow('f7', 'c', 'join')}${flow('f8', 'join', 'after')}${flow('f9', 'after', 'end')}`),
    });
  });

  it('forks into one token per outgoing flow and joins only when every incoming flow has a token', async () => {
    const id = await fx.start('and');
    expect(await fx.openTasks(id)).toEqual(['a', 'b', 'c']);
    await fx.completeTask(id, 'b');
    await fx.completeTask(id, 'a');
    expect(await fx.openTasks(id)).toEqual(['c']);
    await fx.completeTask(id, 'c');
    expect(await fx.openTasks(id)).toEqual(['after']);
    await fx.completeTask(id, 'after');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('shows the concurrent tokens in the activity instance tree', async () => {
    const id = await fx.start('and');
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(tree.activityType).toBe('processDefinition');
    expect(tree.childActivityInstances.map((c) => c.activityId).sort()).toEqual(['a', 'b', 'c']);
    expect(new Set(tree.childActivityInstances.flatMap((c) => c.executionIds)).size).toBe(3);
  });

  it('keeps instances independent: tokens of one instance never count for another', async () => {
    const first = await fx.start('and');
    const second = await fx.start('and');
    await fx.completeTask(first, 'a');
    await fx.completeTask(first, 'b');
    await fx.completeTask(second, 'c');
    expect(await fx.openTasks(first)).toEqual(['c']);
    expect(await fx.openTasks(second)).toEqual(['a', 'b']);
  });
});

describe('inclusive gateway', () => {
  beforeAll(async () => {
    await fx.deploy({
      'or.bpmn': bpmnProcess('or', `${start()}<bpmn:inclusiveGateway id="fork" default="fNone" />${userTask('police')}${userTask('fire')}${userTask('none')}<bpmn:inclusiveGateway id="join" />${userTask('after')}
        ${flow('f1', 'start', 'fork')}${flow('fPolice', 'fork', 'police', '${police}')}${flow('fFire', 'fork', 'fire', '${fire}')}${flow('fNone', 'fork', 'none')}
        ${flow('f5', 'police', 'join')}${flow('f6', 'fire', 'join')}${flow('f7', 'none', 'join')}${flow('f8', 'join', 'after')}`),
    });
  });

  it('activates every flow whose condition holds and joins once all of them arrived', async () => {
    const id = await fx.start('or', { police: true, fire: true });
    expect(await fx.openTasks(id)).toEqual(['fire', 'police']);
    await fx.completeTask(id, 'police');
    expect(await fx.openTasks(id)).toEqual(['fire']);
    await fx.completeTask(id, 'fire');
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('passes the join at once when only one branch was activated', async () => {
    const id = await fx.start('or', { police: false, fire: true });
    expect(await fx.openTasks(id)).toEqual(['fire']);
    await fx.completeTask(id, 'fire');
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('takes the default flow when no condition holds', async () => {
    const id = await fx.start('or', { police: false, fire: false });
    expect(await fx.openTasks(id)).toEqual(['none']);
  });
});

describe('conditional sequence flows', () => {
  it('leaves an activity on every flow whose condition holds, and on its default flow when none does', async () => {
    await fx.deploy({
      'cond.bpmn': bpmnProcess('cond', `${start()}<bpmn:userTask id="triage" default="fOther" />${userTask('x')}${userTask('y')}${userTask('z')}
        ${flow('f1', 'start', 'triage')}${flow('fX', 'triage', 'x', '${score > 5}')}${flow('fY', 'triage', 'y', '${score > 8}')}${flow('fOther', 'triage', 'z')}`),
    });
    const both = await fx.start('cond');
    await fx.completeTask(both, 'triage', { score: 9 });
    expect(await fx.openTasks(both)).toEqual(['x', 'y']);
    const fallback = await fx.start('cond');
    await fx.completeTask(fallback, 'triage', { score: 1 });
    expect(await fx.openTasks(fallback)).toEqual(['z']);
  });
});

describe('camunda:inputOutput', () => {
  it('sets input parameters as local variables and copies output parameters to the process', async () => {
    // given
    await fx.deploy({
      'io.bpmn': bpmnProcess('io', `${start()}
        <bpmn:serviceTask id="calc" camunda:type="external" camunda:topic="calc">
          <bpmn:extensionElements><camunda:inputOutput>
            <camunda:inputParameter name="label">申请 \${applicant}</camunda:inputParameter>
            <camunda:inputParameter name="doubled">\${base * 2}</camunda:inputParameter>
            <camunda:inputParameter name="copied">\${base}</camunda:inputParameter>
            <camunda:inputParameter name="items"><camunda:list><camunda:value>a</camunda:value><camunda:value>\${base}</camunda:value></camunda:list></camunda:inputParameter>
            <camunda:inputParameter name="info"><camunda:map><camunda:entry key="who">\${applicant}</camunda:entry></camunda:map></camunda:inputParameter>
            <camunda:inputParameter name="nothing" />
            <camunda:outputParameter name="resultOut">\${result}</camunda:outputParameter>
            <camunda:outputParameter name="labelOut">\${label}</camunda:outputParameter>
          </camunda:inputOutput></bpmn:extensionElements>
        </bpmn:serviceTask>${userTask('next')}
        ${flow('f1', 'start', 'calc')}${flow('f2', 'calc', 'next')}`),
    });
    const id = await fx.start('io', { applicant: '李四', base: 21 });
    // when
    const [locked] = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 1, usePriority: false, topics: [{ topicName: 'calc', lockDuration: 1000, localVariables: true, processDefinitionKey: 'io' }] });
    // then
    const local = locked!.variables;
    expect(local['label']).toEqual({ type: 'string', value: '申请 李四', valueInfo: {} });
    expect(local['doubled']).toMatchObject({ type: 'long', value: 42 });
    expect(local['copied']).toMatchObject({ type: 'integer', value: 21 });
    expect(JSON.parse(String(local['items']!.value))).toEqual(['a', 21]);
    expect(JSON.parse(String(local['info']!.value))).toEqual({ who: '李四' });
    expect(local['nothing']).toMatchObject({ type: 'null', value: null });
    expect(local['applicant']).toBeUndefined();
    // when
    await fx.engine.externalTasks.complete(ACTOR, locked!.task.id, 'w', {}, typedMap({ result: 'ok' }));
    // then
    const vars = await fx.vars(id);
    expect(vars).toMatchObject({ resultOut: 'ok', labelOut: '申请 李四', applicant: '李四', base: 21 });
    expect(vars).not.toHaveProperty('label');
    expect(vars).not.toHaveProperty('result');
  });
});

describe('variables', () => {
  it('sets completion variables on the scope that already holds them, else on the process instance', async () => {
    await fx.deploy({ 'vars.bpmn': bpmnProcess('vars', `${start()}${userTask('t1')}${userTask('t2')}${flow('f1', 'start', 't1')}${flow('f2', 't1', 't2')}`) });
    const id = await fx.start('vars', { status: 'new' });
    await fx.completeTask(id, 't1', { status: 'checked', note: '材料齐全' });
    expect(await fx.vars(id)).toEqual({ status: 'checked', note: '材料齐全' });
  });

  it('keeps task-local variables on the task only', async () => {
    const id = await fx.start('vars');
    const [task] = await fx.engine.tasks.query(ACTOR, { processInstanceId: id });
    await fx.engine.tasks.modifyVariables(ACTOR, task!.id, typedMap({ draft: 'x' }), [], true);
    expect(await fx.engine.tasks.getVariables(ACTOR, task!.id, true)).toHaveProperty('draft');
    expect(await fx.vars(id)).not.toHaveProperty('draft');
    await fx.completeTask(id, 't1');
    expect(await fx.vars(id)).not.toHaveProperty('draft');
  });
});

describe('deployment versions', () => {
  it('deploys a changed model as version n+1, starts the latest by key, and keeps running instances on their version', async () => {
    // given version 1 with one task, and a running instance of it
    const v1 = await fx.deploy({ 'versioned.bpmn': bpmnProcess('versioned', `${start()}${userTask('one')}${flow('f1', 'start', 'one')}`) });
    const old = await fx.start('versioned');
    // when version 2 adds a second task
    const v2 = await fx.deploy({ 'versioned.bpmn': bpmnProcess('versioned', `${start()}${userTask('one')}${userTask('two')}${flow('f1', 'start', 'one')}${flow('f2', 'one', 'two')}`) });
    // then
    expect(v2['versioned']!.version).toBe(v1['versioned']!.version + 1);
    const fresh = await fx.start('versioned');
    expect((await fx.engine.runtime.get(ACTOR, fresh)).definitionId).toBe(v2['versioned']!.id);
    expect((await fx.engine.runtime.get(ACTOR, old)).definitionId).toBe(v1['versioned']!.id);
    await fx.completeTask(old, 'one');
    expect(await fx.state(old)).toBe('COMPLETED');
    await fx.completeTask(fresh, 'one');
    expect(await fx.openTasks(fresh)).toEqual(['two']);
  });

  it('deploys nothing new with deploy-changed-only when the resources did not change', async () => {
    const xml = bpmnProcess('stable', `${start()}${end()}${flow('f1', 'start', 'end')}`);
    const input = { name: 'stable', source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: true, resources: [{ name: 'stable.bpmn', bytes: Buffer.from(xml) }] };
    const first = await fx.engine.repository.deploy(ACTOR, input);
    const second = await fx.engine.repository.deploy(ACTOR, input);
    expect(second.deployment.id).toBe(first.deployment.id);
    expect(second.processDefinitions).toBeNull();
    expect((await fx.engine.repository.getLatestByKey(ACTOR, 'stable')).version).toBe(1);
  });
});
