import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import type { SignalInput } from '../../../src/engine/services/signal-service.js';
import { SuspensionService } from '../../../src/engine/services/suspension-service.js';

/** A BPMN document with root signals `id → name` and the given processes (each `[id, body]`). */
function signalDefinitions(signals: Record<string, string>, processes: Array<[string, string]>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://example.org/test">
  ${Object.entries(signals).map(([id, name]) => `<bpmn:signal id="${id}" name="${name}" />`).join('\n  ')}
  ${processes.map(([id, body]) => `<bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="30">${body}</bpmn:process>`).join('\n  ')}
</bpmn:definitions>`;
}

/** One resource per process (element ids repeat between processes): `<key>.bpmn` → a document with the signals and that process. */
function resources(signals: Record<string, string>, processes: Array<[string, string]>): Record<string, string> {
  return Object.fromEntries(processes.map(([key, body]) => [`${key}.bpmn`, signalDefinitions(signals, [[key, body]])]));
}

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const signalDefinition = (signalId: string) => `<bpmn:signalEventDefinition signalRef="${signalId}" />`;
const catchEvent = (id: string, signalId: string) => `<bpmn:intermediateCatchEvent id="${id}">${signalDefinition(signalId)}</bpmn:intermediateCatchEvent>`;
const throwEvent = (id: string, signalId: string) => `<bpmn:intermediateThrowEvent id="${id}">${signalDefinition(signalId)}</bpmn:intermediateThrowEvent>`;
/** start → `waiting` (id `wait`) → user task `after` → end. */
const waitThenTask = (waiting: string) =>
  `<bpmn:startEvent id="start" />${waiting}<bpmn:userTask id="after" /><bpmn:endEvent id="end" />
   ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'after')}${flow('f3', 'after', 'end')}`;
/** start → user task `work` → `thrower` (id `throw`) → user task `done`. */
const workThenThrow = (thrower: string) =>
  `<bpmn:startEvent id="start" /><bpmn:userTask id="work" />${thrower}<bpmn:userTask id="done" />
   ${flow('f1', 'start', 'work')}${flow('f2', 'work', 'throw')}${flow('f3', 'throw', 'done')}`;
/** A process whose only start event is a signal start event `bySignal` on `signalId`, followed by user task `handle`. */
const startedBy = (signalId: string, p = '') =>
  `<bpmn:startEvent id="${p}bySignal">${signalDefinition(signalId)}</bpmn:startEvent><bpmn:userTask id="${p}handle" />${flow(`${p}f1`, `${p}bySignal`, `${p}handle`)}`;

let fx: EngineFixture;
let suspension: SuspensionService;
beforeAll(async () => {
  fx = await createEngineFixture();
  suspension = new SuspensionService(fx.engine.commands);
});
afterAll(async () => {
  await fx.close();
});

const send = (name: string, input: Omit<SignalInput, 'name'> = {}) => fx.engine.signals.send(ACTOR, { name, ...input });

async function subscriptions(where = '1 = 1', params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return fx.db.dataSource.query(`SELECT * FROM eng_event_subscription WHERE ${where} ORDER BY created, id`, params);
}

async function instancesOf(key: string): Promise<string[]> {
  return (await fx.engine.runtime.query(ACTOR, { processDefinitionKey: key })).map((i) => i.id);
}

describe('an intermediate signal catch event', () => {
  beforeAll(async () => {
    await fx.deploy(resources({ Sig_alarm: 'alarm', Sig_other: 'other' }, [
      ['catchAlarm', waitThenTask(catchEvent('wait', 'Sig_alarm'))],
      ['catchOther', waitThenTask(catchEvent('wait', 'Sig_other'))],
    ]));
  });

  it('waits in a signal subscription, and a broadcast wakes every execution waiting for that signal with its variables', async () => {
    // given
    const a = await fx.start('catchAlarm', { n: 1 });
    const b = await fx.start('catchAlarm');
    const other = await fx.start('catchOther');
    const subs = await subscriptions('proc_inst_id = ?', [a]);
    expect(subs).toEqual([expect.objectContaining({ event_type: 'signal', event_name: 'alarm', activity_id: 'wait', execution_id: a, configuration: null })]);
    const tree = await fx.engine.runtime.activityInstances(ACTOR, a);
    expect(tree.childActivityInstances).toEqual([expect.objectContaining({ activityId: 'wait', activityType: 'intermediateSignalCatch' })]);
    // when
    const result = await send('alarm', { variables: typedMap({ level: 'red', n: 2 }) });
    // then
    expect(result.triggeredExecutionIds.sort()).toEqual([a, b].sort());
    expect(result.startedInstances).toEqual([]);
    for (const id of [a, b]) expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await fx.vars(a)).toEqual({ n: 2, level: 'red' });
    expect(await fx.vars(b)).toEqual({ level: 'red', n: 2 });
    expect(await fx.openTasks(other)).toEqual([]);
    expect(await subscriptions('event_name = ?', ['alarm'])).toEqual([]);
    expect(await subscriptions('proc_inst_id = ?', [other])).toHaveLength(1);
  });

  it('a broadcast nobody waits for changes nothing and is no error', async () => {
    expect(await send('nobody-listens')).toEqual({ triggeredExecutionIds: [], startedInstances: [] });
  });

  it('is woken by an intermediate signal throw event of another instance, which then continues', async () => {
    await fx.deploy({ 'thrower.bpmn': signalDefinitions({ Sig_alarm: 'alarm' }, [['throwAlarm', workThenThrow(throwEvent('throw', 'Sig_alarm'))]]) });
    const waiting = await fx.start('catchAlarm');
    const thrower = await fx.start('throwAlarm');
    expect(await fx.openTasks(waiting)).toEqual([]);
    // when: the thrower's token reaches the throw event
    await fx.completeTask(thrower, 'work');
    // then
    expect(await fx.openTasks(waiting)).toEqual(['after']);
    expect(await fx.openTasks(thrower)).toEqual(['done']);
    const thrown = await fx.db.dataSource.query('SELECT act_type FROM eng_hi_actinst WHERE proc_inst_id = ? AND act_id = ?', [thrower, 'throw']);
    expect(thrown).toEqual([{ act_type: 'intermediateSignalThrow' }]);
  });

  it('is woken by a signal end event, and the throwing instance completes', async () => {
    await fx.deploy({ 'ender.bpmn': signalDefinitions({ Sig_alarm: 'alarm' }, [['endWithAlarm',
      `<bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="throw">${signalDefinition('Sig_alarm')}</bpmn:endEvent>
       ${flow('f1', 'start', 'work')}${flow('f2', 'work', 'throw')}`]]) });
    const waiting = await fx.start('catchAlarm');
    const thrower = await fx.start('endWithAlarm');
    await fx.completeTask(thrower, 'work');
    expect(await fx.openTasks(waiting)).toEqual(['after']);
    expect(await fx.state(thrower)).toBe('COMPLETED');
    expect((await fx.engine.runtime.historic(ACTOR, thrower))?.endActId).toBe('throw');
  });

  it('wakes a token of the throwing instance itself (a parallel branch waiting for the signal)', async () => {
    await fx.deploy({ 'self.bpmn': signalDefinitions({ Sig_self: 'self' }, [['selfSignal', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      ${catchEvent('wait', 'Sig_self')}<bpmn:userTask id="work" />${throwEvent('throw', 'Sig_self')}<bpmn:parallelGateway id="join" /><bpmn:userTask id="after" />
      ${flow('f1', 'start', 'fork')}${flow('f2', 'fork', 'wait')}${flow('f3', 'fork', 'work')}${flow('f4', 'work', 'throw')}
      ${flow('f5', 'wait', 'join')}${flow('f6', 'throw', 'join')}${flow('f7', 'join', 'after')}`]]) });
    const id = await fx.start('selfSignal');
    await fx.completeTask(id, 'work');
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await subscriptions('proc_inst_id = ?', [id])).toEqual([]);
  });

  it('evaluates a signal name expression when the token arrives', async () => {
    await fx.deploy({ 'dynamic.bpmn': signalDefinitions({ Dyn: 'alarm-${region}' }, [['dynamicCatch', waitThenTask(catchEvent('wait', 'Dyn'))]]) });
    const id = await fx.start('dynamicCatch', { region: 'north' });
    expect(await subscriptions('proc_inst_id = ?', [id])).toEqual([expect.objectContaining({ event_name: 'alarm-north' })]);
    await send('alarm-${region}');
    expect(await fx.openTasks(id)).toEqual([]);
    await send('alarm-north');
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('does not wake an execution of a suspended instance; it is woken by a later signal once activated', async () => {
    const id = await fx.start('catchAlarm');
    await suspension.setInstanceSuspended(ACTOR, id, true);
    expect((await send('alarm')).triggeredExecutionIds).toEqual([]);
    expect(await subscriptions('proc_inst_id = ?', [id])).toHaveLength(1);
    await suspension.setInstanceSuspended(ACTOR, id, false);
    expect((await send('alarm')).triggeredExecutionIds).toEqual([id]);
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('is removed with its subscription when the waiting instance is deleted', async () => {
    const id = await fx.start('catchAlarm');
    expect(await subscriptions('proc_inst_id = ?', [id])).toHaveLength(1);
    await fx.engine.runtime.delete(ACTOR, id, 'withdrawn');
    expect(await subscriptions('proc_inst_id = ?', [id])).toEqual([]);
    expect(await fx.state(id)).toBe('EXTERNALLY_TERMINATED');
    expect((await send('alarm')).triggeredExecutionIds).toEqual([]);
  });

  it('leaves everything as it was when continuing one of the woken tokens fails', async () => {
    await fx.deploy(resources({ F: 'fails' }, [
      ['failingCatch', waitThenTask(catchEvent('wait', 'F')).replace('<bpmn:userTask id="after" />', '<bpmn:userTask id="after" camunda:assignee="${nobody}" />')],
      ['fineCatch', waitThenTask(catchEvent('wait', 'F'))],
    ]));
    const fine = await fx.start('fineCatch');
    const failing = await fx.start('failingCatch');
    await expect(send('fails', { variables: typedMap({ x: 1 }) })).rejects.toMatchObject({ type: 'ProcessEngineException' });
    expect(await subscriptions('event_name = ?', ['fails'])).toHaveLength(2);
    expect(await fx.openTasks(fine)).toEqual([]);
    expect(await fx.vars(failing)).toEqual({});
  });
});

describe('delivering a signal to one execution', () => {
  beforeAll(async () => {
    await fx.deploy({ 'targeted.bpmn': signalDefinitions({ T: 'targeted' }, [['targeted', waitThenTask(catchEvent('wait', 'T'))]]) });
  });

  it('wakes only that execution, with the variables', async () => {
    const a = await fx.start('targeted');
    const b = await fx.start('targeted');
    await send('targeted', { executionId: b, variables: typedMap({ who: 'b' }) });
    expect(await fx.openTasks(b)).toEqual(['after']);
    expect(await fx.vars(b)).toEqual({ who: 'b' });
    expect(await fx.openTasks(a)).toEqual([]);
    expect(await subscriptions('proc_inst_id = ?', [a])).toHaveLength(1);
  });

  it('fails for an unknown execution, one not subscribed to the signal, and a suspended one', async () => {
    await expect(send('targeted', { executionId: 'unknown' })).rejects.toMatchObject({
      type: 'NullValueException', status: 500, message: "Cannot find execution with id 'unknown': execution is null",
    });
    const id = await fx.start('targeted');
    await expect(send('other-name', { executionId: id })).rejects.toMatchObject({
      type: 'ProcessEngineException', status: 500, message: `Execution '${id}' has not subscribed to a signal event with name 'other-name'.`,
    });
    await suspension.setInstanceSuspended(ACTOR, id, true);
    await expect(send('targeted', { executionId: id })).rejects.toMatchObject({ type: 'ProcessEngineException' });
    expect(await subscriptions('proc_inst_id = ?', [id])).toHaveLength(1);
  });

  it('refuses a tenant option together with an execution id (ENGINE-13027)', async () => {
    for (const tenant of [{ tenantId: 't1' }, { withoutTenantId: true }]) {
      await expect(send('targeted', { executionId: 'x', ...tenant })).rejects.toMatchObject({
        type: 'BadUserRequestException', status: 400, message: 'ENGINE-13027 Cannot specify a tenant-id when deliver a signal to a single execution.',
      });
    }
  });
});

describe('a signal start event', () => {
  it('is subscribed at deployment, and a signal starts an instance of every process subscribed to it, with the variables', async () => {
    // given
    const defs = await fx.deploy(resources({ S: 'incident' }, [['firstResponder', startedBy('S')], ['secondResponder', startedBy('S')]]));
    expect(await subscriptions('event_name = ?', ['incident'])).toEqual([
      expect.objectContaining({ event_type: 'signal', execution_id: null, proc_inst_id: null, proc_def_id: defs['firstResponder']!.id, activity_id: 'bySignal', configuration: defs['firstResponder']!.id }),
      expect.objectContaining({ event_type: 'signal', execution_id: null, proc_def_id: defs['secondResponder']!.id, activity_id: 'bySignal' }),
    ]);
    // when
    const result = await send('incident', { variables: typedMap({ site: '北区' }) });
    // then
    expect(result.startedInstances.map((i) => i.definitionKey).sort()).toEqual(['firstResponder', 'secondResponder']);
    for (const key of ['firstResponder', 'secondResponder']) {
      const [id] = await instancesOf(key);
      expect(await fx.openTasks(id!)).toEqual(['handle']);
      expect(await fx.vars(id!)).toEqual({ site: '北区' });
      expect((await fx.engine.runtime.historic(ACTOR, id!))?.startActId).toBe('bySignal');
    }
    // the subscriptions stay for further signals
    expect(await subscriptions('event_name = ?', ['incident'])).toHaveLength(2);
    await send('incident');
    expect(await instancesOf('firstResponder')).toHaveLength(2);
  });

  it('is started by a throw event too, in the same command as the waiting executions', async () => {
    await fx.deploy(resources({ C: 'chain' }, [
      ['chainStarted', startedBy('C')], ['chainWaiting', waitThenTask(catchEvent('wait', 'C'))], ['chainThrower', workThenThrow(throwEvent('throw', 'C'))],
    ]));
    const waiting = await fx.start('chainWaiting');
    const thrower = await fx.start('chainThrower');
    await fx.completeTask(thrower, 'work');
    expect(await fx.openTasks(waiting)).toEqual(['after']);
    expect(await instancesOf('chainStarted')).toHaveLength(1);
  });

  it('sits beside a none start event, which still starts instances', async () => {
    await fx.deploy({ 'both.bpmn': signalDefinitions({ B: 'both' }, [['bothStarts', `<bpmn:startEvent id="start" />${startedBy('B')}${flow('f0', 'start', 'handle')}`]]) });
    expect(await fx.openTasks(await fx.start('bothStarts'))).toEqual(['handle']);
    expect((await send('both')).startedInstances).toHaveLength(1);
    expect(await instancesOf('bothStarts')).toHaveLength(2);
  });

  it('is replaced by the start event of a new version, and restored when that version is deleted', async () => {
    const v1 = (await fx.deploy({ 'versioned.bpmn': signalDefinitions({ V: 'versioned' }, [['versionedStart', startedBy('V')]]) }))['versionedStart']!;
    const v2 = (await fx.deploy({ 'versioned.bpmn': signalDefinitions({ V: 'versioned' }, [['versionedStart', `${startedBy('V')}<bpmn:task id="extra" />`]]) }))['versionedStart']!;
    expect((await subscriptions('event_name = ?', ['versioned'])).map((s) => s['proc_def_id'])).toEqual([v2.id]);
    const { startedInstances } = await send('versioned');
    expect(startedInstances.map((i) => i.definitionId)).toEqual([v2.id]);
    await fx.engine.repository.deleteDeployment(ACTOR, v2.deploymentId, true);
    expect((await subscriptions('event_name = ?', ['versioned'])).map((s) => s['proc_def_id'])).toEqual([v1.id]);
    // a version without the signal start event drops the subscription
    await fx.deploy({ 'versioned.bpmn': signalDefinitions({}, [['versionedStart', '<bpmn:startEvent id="start" />']]) });
    expect(await subscriptions('event_name = ?', ['versioned'])).toEqual([]);
  });

  it('does not start instances of a suspended definition', async () => {
    const def = (await fx.deploy({ 'paused.bpmn': signalDefinitions({ P: 'paused' }, [['pausedStart', startedBy('P')]]) }))['pausedStart']!;
    await fx.engine.repository.setSuspended(ACTOR, def.id, true, false);
    expect((await send('paused')).startedInstances).toEqual([]);
    await fx.engine.repository.setSuspended(ACTOR, def.id, false, false);
    expect((await send('paused')).startedInstances).toHaveLength(1);
  });
});

describe('signals and tenants', () => {
  /** Deploys the resources for `tenantId`; returns the definitions by key. */
  async function deployFor(tenantId: string | null, resources: Record<string, string>) {
    const result = await fx.engine.repository.deploy(ACTOR, {
      name: `tenant-${tenantId ?? 'none'}`, source: null, tenantId, enableDuplicateFiltering: false, deployChangedOnly: false,
      resources: Object.entries(resources).map(([n, xml]) => ({ name: n, bytes: Buffer.from(xml) })),
    });
    return Object.fromEntries((result.processDefinitions ?? []).map((d) => [d.key, d]));
  }
  const startDef = async (id: string) => (await fx.engine.runtime.start(ACTOR, await fx.engine.repository.getProcessDefinition(ACTOR, id), {})).id;

  it('reaches the given tenant only with tenantId, no tenant with withoutTenantId, every tenant without either', async () => {
    const xml = signalDefinitions({ M: 'tenanted' }, [['tenantCatch', waitThenTask(catchEvent('wait', 'M'))]]);
    const t1 = await startDef((await deployFor('t1', { 'm.bpmn': xml }))['tenantCatch']!.id);
    const t2 = await startDef((await deployFor('t2', { 'm.bpmn': xml }))['tenantCatch']!.id);
    const none = await startDef((await deployFor(null, { 'm.bpmn': xml }))['tenantCatch']!.id);
    expect((await send('tenanted', { tenantId: 't1' })).triggeredExecutionIds).toEqual([t1]);
    expect((await send('tenanted', { withoutTenantId: true })).triggeredExecutionIds).toEqual([none]);
    expect((await send('tenanted')).triggeredExecutionIds).toEqual([t2]);
  });

  it("a tenant's throw event reaches its own tenant and no tenant, not other tenants", async () => {
    const catcher = signalDefinitions({ X: 'crossing' }, [['crossCatch', waitThenTask(catchEvent('wait', 'X'))]]);
    const thrower = signalDefinitions({ X: 'crossing' }, [['crossThrow', workThenThrow(throwEvent('throw', 'X'))]]);
    const own = await startDef((await deployFor('t1', { 'c.bpmn': catcher }))['crossCatch']!.id);
    const foreign = await startDef((await deployFor('t2', { 'c.bpmn': catcher }))['crossCatch']!.id);
    const shared = await startDef((await deployFor(null, { 'c.bpmn': catcher }))['crossCatch']!.id);
    const throwing = await startDef((await deployFor('t1', { 't.bpmn': thrower }))['crossThrow']!.id);
    await fx.completeTask(throwing, 'work');
    expect(await fx.openTasks(own)).toEqual(['after']);
    expect(await fx.openTasks(shared)).toEqual(['after']);
    expect(await fx.openTasks(foreign)).toEqual([]);
  });
});
