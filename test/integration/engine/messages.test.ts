import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import type { CorrelationInput } from '../../../src/engine/services/message-service.js';

/** A BPMN document with root messages `name → id` and the given processes (each `[id, body]`). */
function messageDefinitions(messages: Record<string, string>, processes: Array<[string, string]>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://example.org/test">
  ${Object.entries(messages).map(([id, name]) => `<bpmn:message id="${id}" name="${name}" />`).join('\n  ')}
  ${processes.map(([id, body]) => `<bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="30">${body}</bpmn:process>`).join('\n  ')}
</bpmn:definitions>`;
}

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const catchEvent = (id: string, messageId: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="${messageId}" /></bpmn:intermediateCatchEvent>`;
/** start → `waiting` → user task `after` → end. */
const waitThenTask = (waiting: string) =>
  `<bpmn:startEvent id="start" />${waiting}<bpmn:userTask id="after" /><bpmn:endEvent id="end" />
   ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'after')}${flow('f3', 'after', 'end')}`;

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
});
afterAll(async () => {
  await fx.close();
});

const correlate = (input: Omit<CorrelationInput, 'messageName'> & { messageName?: string }, messageName = 'paid') =>
  fx.engine.messages.correlate(ACTOR, { messageName, ...input });

async function subscriptions(where = '1 = 1', params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return fx.db.dataSource.query(`SELECT * FROM eng_event_subscription WHERE ${where} ORDER BY created, id`, params);
}

describe('an intermediate message catch event', () => {
  beforeAll(async () => {
    await fx.deploy({ 'catch.bpmn': messageDefinitions({ Msg_paid: 'paid' }, [['catch', waitThenTask(catchEvent('wait', 'Msg_paid'))]]) });
  });

  it('waits in a message subscription and continues when the message is correlated by business key', async () => {
    // given
    const a = await fx.start('catch', {}, 'BK-A');
    const b = await fx.start('catch', {}, 'BK-B');
    const subs = await subscriptions('proc_inst_id = ?', [a]);
    expect(subs).toEqual([expect.objectContaining({ event_type: 'message', event_name: 'paid', activity_id: 'wait', proc_inst_id: a })]);
    expect(subs[0]?.['execution_id']).toBe(a);
    const tree = await fx.engine.runtime.activityInstances(ACTOR, a);
    expect(tree.childActivityInstances).toEqual([expect.objectContaining({ activityId: 'wait', activityType: 'intermediateMessageCatch' })]);
    // when
    const results = await correlate({ businessKey: 'BK-A' });
    // then
    expect(results).toEqual([{ resultType: 'Execution', execution: { id: a, processInstanceId: a, ended: false, tenantId: null }, processInstance: null }]);
    expect(await fx.openTasks(a)).toEqual(['after']);
    expect(await fx.openTasks(b)).toEqual([]);
    expect(await subscriptions('proc_inst_id = ?', [a])).toEqual([]);
    expect(await subscriptions('proc_inst_id = ?', [b])).toHaveLength(1);
    await fx.engine.runtime.delete(ACTOR, b, null);
  });

  it('correlates by process instance id and sets the processVariables on the instance', async () => {
    const a = await fx.start('catch', { amount: 1 });
    const b = await fx.start('catch');
    await correlate({ processInstanceId: b, processVariables: typedMap({ amount: 500, payer: '张三' }) });
    expect(await fx.openTasks(b)).toEqual(['after']);
    expect(await fx.vars(b)).toEqual({ amount: 500, payer: '张三' });
    expect(await fx.openTasks(a)).toEqual([]);
    expect(await fx.vars(a)).toEqual({ amount: 1 });
    await fx.engine.runtime.delete(ACTOR, a, null);
  });

  it('correlates by correlation keys (process variables equal) and local correlation keys', async () => {
    const a = await fx.start('catch', { orderId: 'O-1', amount: 10 });
    const b = await fx.start('catch', { orderId: 'O-2', amount: 10 });
    await correlate({ correlationKeys: typedMap({ orderId: 'O-2', amount: 10 }) });
    expect(await fx.openTasks(b)).toEqual(['after']);
    expect(await fx.openTasks(a)).toEqual([]);
    // the root execution waits here, so the instance variables are also its local variables
    await expect(correlate({ localCorrelationKeys: typedMap({ orderId: 'O-9' }) })).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
    await correlate({ localCorrelationKeys: typedMap({ orderId: 'O-1' }) });
    expect(await fx.openTasks(a)).toEqual(['after']);
  });

  it('refuses an ambiguous correlation (two waiting instances, no filter) and changes nothing', async () => {
    await fx.deploy({ 'ambiguous.bpmn': messageDefinitions({ M: 'ambiguous' }, [['ambiguous', waitThenTask(catchEvent('wait', 'M'))]]) });
    const a = await fx.start('ambiguous');
    const b = await fx.start('ambiguous');
    await expect(correlate({}, 'ambiguous')).rejects.toMatchObject({
      type: 'MismatchingMessageCorrelationException',
      message: expect.stringContaining("Cannot correlate a message with name 'ambiguous' to a single execution. 2 executions match the correlation keys"),
    });
    expect(await subscriptions('event_name = ?', ['ambiguous'])).toHaveLength(2);
    expect([...(await fx.openTasks(a)), ...(await fx.openTasks(b))]).toEqual([]);
  });

  it('with all, correlates every waiting execution', async () => {
    const results = await correlate({ all: true, processVariables: typedMap({ seen: true }) }, 'ambiguous');
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.resultType).toBe('Execution');
      expect(await fx.openTasks(r.execution!.processInstanceId)).toEqual(['after']);
      expect(await fx.vars(r.execution!.processInstanceId)).toEqual({ seen: true });
    }
    expect(await subscriptions('event_name = ?', ['ambiguous'])).toEqual([]);
    // nothing left to correlate: all gives no result, a single correlation fails
    expect(await correlate({ all: true }, 'ambiguous')).toEqual([]);
  });

  it('fails when nothing matches the message', async () => {
    await expect(correlate({}, 'nobody-waits')).rejects.toMatchObject({
      type: 'MismatchingMessageCorrelationException',
      message: "Cannot correlate message 'nobody-waits': No process definition or execution matches the parameters",
    });
    await fx.start('catch', {}, 'BK-X');
    await expect(correlate({ businessKey: 'BK-Y' })).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
    await expect(correlate({ processInstanceId: 'unknown' })).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
    await correlate({ businessKey: 'BK-X' });
  });

  it('lets only one of two concurrent correlations to the same execution continue it', async () => {
    const id = await fx.start('catch', {}, 'BK-RACE');
    const outcomes = await Promise.allSettled([
      correlate({ businessKey: 'BK-RACE', processVariables: typedMap({ winner: 'first' }) }),
      correlate({ businessKey: 'BK-RACE', processVariables: typedMap({ winner: 'second' }) }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected');
    // the loser either saw the subscription gone (serialised) or lost the optimistic lock (interleaved)
    expect((failure as PromiseRejectedResult).reason).toMatchObject({ type: expect.stringMatching(/^(MismatchingMessageCorrelationException|OptimisticLockingException)$/) });
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await fx.engine.tasks.count(ACTOR, { processInstanceId: id })).toBe(1);
  });

  it('evaluates a message name expression when the token arrives', async () => {
    await fx.deploy({ 'dynamic.bpmn': messageDefinitions({ Dyn: 'paid-${orderId}' }, [['dynamic', waitThenTask(catchEvent('wait', 'Dyn'))]]) });
    const id = await fx.start('dynamic', { orderId: 'A7' });
    expect(await subscriptions('proc_inst_id = ?', [id])).toEqual([expect.objectContaining({ event_name: 'paid-A7' })]);
    await expect(correlate({}, 'paid-${orderId}')).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
    await correlate({}, 'paid-A7');
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('leaves everything as it was when continuing the token fails', async () => {
    await fx.deploy({
      'failing.bpmn': messageDefinitions({ F: 'fails' }, [['failing', waitThenTask(catchEvent('wait', 'F')).replace('<bpmn:userTask id="after" />', '<bpmn:userTask id="after" camunda:assignee="${nobody}" />')]]),
    });
    const id = await fx.start('failing');
    await expect(correlate({ processVariables: typedMap({ x: 1 }) }, 'fails')).rejects.toMatchObject({ type: 'ProcessEngineException' });
    expect(await subscriptions('proc_inst_id = ?', [id])).toHaveLength(1);
    expect(await fx.vars(id)).toEqual({});
  });
});

describe('a receive task', () => {
  beforeAll(async () => {
    const io = `<bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="local">\${orderId}</camunda:inputParameter>
        <camunda:outputParameter name="receipt">\${payload}</camunda:outputParameter>
      </camunda:inputOutput></bpmn:extensionElements>`;
    await fx.deploy({
      'receive.bpmn': messageDefinitions({ Msg_receipt: 'receipt' }, [['receive', waitThenTask(`<bpmn:receiveTask id="wait" messageRef="Msg_receipt">${io}</bpmn:receiveTask>`)]]),
    });
  });

  it('waits like a message catch event; local variables and output mappings apply', async () => {
    const a = await fx.start('receive', { orderId: 'R-1' });
    const b = await fx.start('receive', { orderId: 'R-2' });
    const [sub] = await subscriptions('proc_inst_id = ?', [b]);
    expect(sub).toMatchObject({ event_name: 'receipt', activity_id: 'wait' });
    expect(sub?.['execution_id']).not.toBe(b); // the receive task is a scope (it has an input/output mapping)
    expect((await fx.engine.runtime.activityInstances(ACTOR, b)).childActivityInstances[0]).toMatchObject({ activityType: 'receiveTask' });
    // when: the local correlation key is the receive task's local input variable
    await correlate({ localCorrelationKeys: typedMap({ local: 'R-2' }), processVariablesLocal: typedMap({ payload: 'stamped' }) }, 'receipt');
    // then: the local variable was mapped out and did not leak into the instance
    expect(await fx.openTasks(b)).toEqual(['after']);
    expect(await fx.vars(b)).toEqual({ orderId: 'R-2', receipt: 'stamped' });
    expect(await fx.openTasks(a)).toEqual([]);
  });

  it('is removed with its subscription when the waiting instance is deleted', async () => {
    const id = await fx.start('receive', { orderId: 'R-3' });
    expect(await subscriptions('proc_inst_id = ?', [id])).toHaveLength(1);
    await fx.engine.runtime.delete(ACTOR, id, 'withdrawn');
    expect(await subscriptions('proc_inst_id = ?', [id])).toEqual([]);
    expect(await fx.state(id)).toBe('EXTERNALLY_TERMINATED');
  });
});

describe('a terminate end event', () => {
  it('removes the subscriptions of the cancelled parallel branch', async () => {
    await fx.deploy({
      'race.bpmn': messageDefinitions({ Cancel: 'race-cancel' }, [['race', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
        ${catchEvent('wait', 'Cancel')}<bpmn:userTask id="work" /><bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
        <bpmn:endEvent id="end" />
        ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'wait')}${flow('f3', 'fork', 'work')}${flow('f4', 'work', 'kill')}${flow('f5', 'wait', 'end')}`]]),
    });
    const id = await fx.start('race');
    expect(await subscriptions('proc_inst_id = ?', [id])).toHaveLength(1);
    await fx.completeTask(id, 'work');
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await subscriptions('proc_inst_id = ?', [id])).toEqual([]);
  });
});

describe('a message start event', () => {
  /** A process with a none start event `start` and a message start event `byMessage`, both leading to user task `review` (ids prefixed by `p`). */
  const startProcess = (key: string, message = 'Msg_apply', extra = '', p = '') => [key, `<bpmn:startEvent id="${p}start" />
    <bpmn:startEvent id="${p}byMessage"><bpmn:messageEventDefinition messageRef="${message}" /></bpmn:startEvent>
    <bpmn:userTask id="${p}review" />${extra}${flow(`${p}f1`, `${p}start`, `${p}review`)}${flow(`${p}f2`, `${p}byMessage`, `${p}review`)}`] as [string, string];

  it('is subscribed at deployment and starts an instance with the business key and the variables', async () => {
    // given
    const defs = await fx.deploy({ 'apply.bpmn': messageDefinitions({ Msg_apply: 'apply' }, [startProcess('apply')]) });
    expect(await subscriptions('event_name = ?', ['apply'])).toEqual([expect.objectContaining({
      event_type: 'message', execution_id: null, proc_inst_id: null, proc_def_id: defs['apply']!.id, activity_id: 'byMessage', configuration: defs['apply']!.id,
    })]);
    // when
    const [result] = await correlate({ businessKey: 'APP-1', processVariables: typedMap({ applicant: '李四' }), variablesInResult: true }, 'apply');
    // then
    expect(result).toMatchObject({
      resultType: 'ProcessDefinition', execution: null, variables: typedMap({ applicant: '李四' }),
      processInstance: { definitionId: defs['apply']!.id, businessKey: 'APP-1', ended: false },
    });
    const id = result!.processInstance!.id;
    expect(await fx.openTasks(id)).toEqual(['review']);
    expect(await fx.vars(id)).toEqual({ applicant: '李四' });
    expect((await fx.engine.runtime.historic(ACTOR, id))?.startActId).toBe('byMessage');
    // the subscription stays for further instances; the none start event still starts instances
    expect(await subscriptions('event_name = ?', ['apply'])).toHaveLength(1);
    expect(await fx.openTasks(await fx.start('apply'))).toEqual(['review']);
  });

  it('prefers a waiting execution over the start event, and with all correlates both', async () => {
    await fx.deploy({
      'mixed.bpmn': messageDefinitions({ Mixed: 'mixed', Go: 'go' }, [
        ['mixedStarter', `<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="Mixed" /></bpmn:startEvent><bpmn:userTask id="t" />${flow('f', 's', 't')}`],
        ['mixedWaiter', waitThenTask(catchEvent('wait', 'Mixed'))],
      ]),
    });
    const waiting = await fx.start('mixedWaiter');
    const [single] = await correlate({}, 'mixed');
    expect(single).toMatchObject({ resultType: 'Execution', execution: { processInstanceId: waiting } });
    const again = await fx.start('mixedWaiter');
    const all = await correlate({ all: true }, 'mixed');
    expect(all.map((r) => r.resultType)).toEqual(['Execution', 'ProcessDefinition']);
    expect(all[0]?.execution?.processInstanceId).toBe(again);
    // a process instance id restricts the correlation to that instance: no start event
    await expect(correlate({ processInstanceId: again }, 'mixed')).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
  });

  it('is replaced by the start event of a new version, and restored when that version is deleted', async () => {
    const v1 = (await fx.deploy({ 'versioned.bpmn': messageDefinitions({ V: 'versioned' }, [startProcess('versioned', 'V')]) }))['versioned']!;
    const v2 = (await fx.deploy({ 'versioned.bpmn': messageDefinitions({ V: 'versioned' }, [startProcess('versioned', 'V', '<bpmn:task id="extra" />')]) }))['versioned']!;
    expect((await subscriptions('event_name = ?', ['versioned'])).map((s) => s['proc_def_id'])).toEqual([v2.id]);
    const [started] = await correlate({}, 'versioned');
    expect(started?.processInstance?.definitionId).toBe(v2.id);
    await fx.engine.repository.deleteDeployment(ACTOR, v2.deploymentId, true);
    expect((await subscriptions('event_name = ?', ['versioned'])).map((s) => s['proc_def_id'])).toEqual([v1.id]);
    // a version without the message start event drops the subscription
    await fx.deploy({ 'versioned.bpmn': messageDefinitions({}, [['versioned', '<bpmn:startEvent id="start" />']]) });
    expect(await subscriptions('event_name = ?', ['versioned'])).toEqual([]);
  });

  it('refuses a deployment whose message start event name another process already starts on', async () => {
    await fx.deploy({ 'first.bpmn': messageDefinitions({ Taken: 'taken' }, [startProcess('first', 'Taken')]) });
    await expect(fx.deploy({ 'second.bpmn': messageDefinitions({ Taken: 'taken' }, [startProcess('second', 'Taken')]) })).rejects.toMatchObject({
      type: 'ProcessEngineException',
      message: "Cannot deploy process definition 'second.bpmn': there already is a message event subscription for the message with name 'taken'.",
    });
    await expect(fx.deploy({ 'pair.bpmn': messageDefinitions({ Both: 'both' }, [startProcess('pairA', 'Both', '', 'a_'), startProcess('pairB', 'Both', '', 'b_')]) })).rejects.toMatchObject({
      type: 'ProcessEngineException', message: expect.stringContaining("there already is a message event subscription for the message with name 'both'"),
    });
    expect(await fx.engine.repository.countProcessDefinitions(ACTOR, { keysIn: ['second', 'pairA', 'pairB'] })).toBe(0);
    expect(await subscriptions('event_name = ?', ['both'])).toEqual([]);
  });

  it('does not start instances of a suspended definition', async () => {
    const def = (await fx.deploy({ 'paused.bpmn': messageDefinitions({ P: 'paused' }, [startProcess('paused', 'P')]) }))['paused']!;
    await fx.engine.repository.setSuspended(ACTOR, def.id, true, false);
    await expect(correlate({}, 'paused')).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
    await fx.engine.repository.setSuspended(ACTOR, def.id, false, false);
    expect(await correlate({}, 'paused')).toHaveLength(1);
  });

  it('starts a process that has only a message start event, also by REST-style start', async () => {
    await fx.deploy({
      'only.bpmn': messageDefinitions({ Only: 'only' }, [['only', `<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="Only" /></bpmn:startEvent><bpmn:userTask id="t" />${flow('f', 's', 't')}`]]),
    });
    const [result] = await correlate({ businessKey: 'O-1' }, 'only');
    expect(await fx.openTasks(result!.processInstance!.id)).toEqual(['t']);
    // as Camunda's selectInitial: the single start event is the initial one
    expect(await fx.openTasks(await fx.start('only'))).toEqual(['t']);
  });
});
