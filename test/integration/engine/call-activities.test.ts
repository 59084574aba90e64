import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { T } from '../../../src/engine/persistence/tables.js';

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const HOUR = 3_600_000;

/** A parent: start → call(calledElement) → after → end, with the given call activity attributes and mappings. */
const parent = (key: string, attributes: string, mappings = '', extra = '') => bpmnProcess(key, `<bpmn:startEvent id="start" />
  <bpmn:callActivity id="call" name="背景审查" ${attributes}><bpmn:extensionElements>${mappings}</bpmn:extensionElements></bpmn:callActivity>
  <bpmn:userTask id="after" /><bpmn:endEvent id="end" />${extra}
  ${flow('f1', 'start', 'call')}${flow('f2', 'call', 'after')}${flow('f3', 'after', 'end')}`);

const ERROR = `<bpmn:error id="Err" errorCode="RECORD_FOUND" />`;

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    // the called process: a check task; an error end when `fail` is set
    'check.bpmn': bpmnProcess('backgroundCheck', `<bpmn:startEvent id="cs" /><bpmn:userTask id="check" camunda:assignee="\${officer}" />
      <bpmn:exclusiveGateway id="ok" default="c3" /><bpmn:endEvent id="ce" />
      <bpmn:endEvent id="failEnd"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
      ${flow('c1', 'cs', 'check')}${flow('c2', 'check', 'ok')}${flow('c3', 'ok', 'ce')}
      <bpmn:sequenceFlow id="c4" sourceRef="ok" targetRef="failEnd"><bpmn:conditionExpression>\${fail}</bpmn:conditionExpression></bpmn:sequenceFlow>`)
      .replace('<bpmn:process', `${ERROR}<bpmn:process`),
    'instant.bpmn': bpmnProcess('instant', `<bpmn:startEvent id="is" /><bpmn:endEvent id="ie">
      <bpmn:extensionElements /></bpmn:endEvent>${flow('i1', 'is', 'ie')}`),
    'mapped.bpmn': parent('permitWithCheck', 'calledElement="backgroundCheck"', `
      <camunda:in businessKey="#{execution.processBusinessKey}" />
      <camunda:in source="applicant" target="person" />
      <camunda:in sourceExpression="officer-\${region}" target="officer" />
      <camunda:in source="fail" target="fail" />
      <camunda:out source="check_result" target="checkResult" />`),
    'all.bpmn': parent('passAll', 'calledElement="backgroundCheck"', '<camunda:in variables="all" /><camunda:out variables="all" />'),
    'at-once.bpmn': parent('callsInstant', 'calledElement="instant"'),
    'versioned.bpmn': parent('pinned', 'calledElement="backgroundCheck" camunda:calledElementBinding="version" camunda:calledElementVersion="1"',
      '<camunda:in variables="all" />'),
    'guarded.bpmn': parent('guarded', 'calledElement="backgroundCheck"', '<camunda:in variables="all" />', `
      <bpmn:boundaryEvent id="late" attachedToRef="call"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="found" attachedToRef="call"><bpmn:errorEventDefinition errorRef="Err" camunda:errorCodeVariable="code" /></bpmn:boundaryEvent>
      <bpmn:userTask id="overdue" /><bpmn:userTask id="refuse" />${flow('f4', 'late', 'overdue')}${flow('f5', 'found', 'refuse')}`)
      .replace('<bpmn:process', `${ERROR}<bpmn:process`),
    'missing.bpmn': parent('callsNothing', 'calledElement="${target}"'),
    'many.bpmn': bpmnProcess('perManager', `<bpmn:startEvent id="start" />
      <bpmn:callActivity id="call" calledElement="backgroundCheck"><bpmn:extensionElements><camunda:in source="manager" target="officer" /><camunda:in source="fail" target="fail" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${managers}" camunda:elementVariable="manager" /></bpmn:callActivity>
      <bpmn:userTask id="after" />${flow('f1', 'start', 'call')}${flow('f2', 'call', 'after')}`),
  });
});
afterAll(async () => {
  await fx.close();
});

/** The instances `procInstId` called (running ones). */
async function calledBy(procInstId: string): Promise<Array<{ id: string; businessKey: string | null; procDefKey: string | null }>> {
  const rows = await fx.db.dataSource.query(
    'SELECT c.id, c.business_key, c.proc_def_key FROM eng_execution c JOIN eng_execution p ON c.super_exec_id = p.id WHERE p.proc_inst_id = ? AND c.parent_id IS NULL', [procInstId]);
  return (rows as Array<Record<string, unknown>>).map((r) => ({ id: String(r['id']), businessKey: (r['business_key'] as string | null) ?? null, procDefKey: (r['proc_def_key'] as string | null) ?? null }));
}

describe('a call activity', () => {
  it('starts the called process with the mapped variables and business key, waits for it, and copies the results back', async () => {
    const id = await fx.start('permitWithCheck', { applicant: '王伟', region: 'hz', fail: false, secret: 'not passed' }, 'PERMIT-7');

    const [child] = await calledBy(id);
    expect(child).toMatchObject({ businessKey: 'PERMIT-7', procDefKey: 'backgroundCheck' });
    expect(await fx.vars(child!.id)).toEqual({ person: '王伟', officer: 'officer-hz', fail: false });
    expect(await fx.openTasks(id)).toEqual([]);

    await fx.completeTask(child!.id, 'check', { check_result: 'clear' });

    expect(await fx.openTasks(id)).toEqual(['after']);
    expect((await fx.vars(id))['checkResult']).toBe('clear');
    expect(await fx.state(child!.id)).toBe('COMPLETED');
  });

  it('links both instances: in history, and in the super/sub process instance filters', async () => {
    const id = await fx.start('permitWithCheck', { applicant: 'a', region: 'r', fail: false });
    const [child] = await calledBy(id);

    const hi = await fx.engine.runtime.historic(ACTOR, child!.id);
    expect(hi).toMatchObject({ superProcInstId: id, rootProcInstId: id });
    const [act] = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT call_proc_inst_id, act_type FROM eng_hi_actinst WHERE proc_inst_id = ? AND act_id = ?', [id, 'call']);
    expect(act).toEqual({ call_proc_inst_id: child!.id, act_type: 'callActivity' });
    expect((await fx.engine.runtime.query(ACTOR, { superProcessInstance: id })).map((i) => i.id)).toEqual([child!.id]);
    expect((await fx.engine.runtime.query(ACTOR, { subProcessInstance: child!.id })).map((i) => i.id)).toEqual([id]);
  });

  it('with variables="all" passes every variable in and out', async () => {
    const id = await fx.start('passAll', { officer: 'li', fail: false, note: 'x' });
    const [child] = await calledBy(id);

    await fx.completeTask(child!.id, 'check', { verdict: 'ok' });

    expect(await fx.vars(id)).toMatchObject({ officer: 'li', note: 'x', verdict: 'ok' });
  });

  it('continues at once when the called instance ends at once', async () => {
    const id = await fx.start('callsInstant');

    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('calls the version its binding names', async () => {
    const defs = await fx.deploy({ 'check-v2.bpmn': bpmnProcess('backgroundCheck', `<bpmn:startEvent id="s" /><bpmn:userTask id="v2task" />${flow('x', 's', 'v2task')}`) });
    expect(defs['backgroundCheck']?.version).toBe(2);

    const pinned = await fx.start('pinned', { officer: 'o', fail: false });
    const latest = await fx.start('passAll', { officer: 'o', fail: false });

    const [pinnedChild] = await calledBy(pinned);
    const [latestChild] = await calledBy(latest);
    expect(await fx.openTasks(pinnedChild!.id)).toEqual(['check']);
    expect(await fx.openTasks(latestChild!.id)).toEqual(['v2task']);
  });

  it('fails the command when the called process does not exist, and nothing is started', async () => {
    const before = await fx.engine.runtime.count(ACTOR, {});

    await expect(fx.start('callsNothing', { target: 'noSuchProcess' })).rejects.toThrow(/no processes deployed with key 'noSuchProcess'/);

    expect(await fx.engine.runtime.count(ACTOR, {})).toBe(before);
  });
});

describe('ending a call activity early', () => {
  it('deleting the calling instance deletes the called instance', async () => {
    const id = await fx.start('permitWithCheck', { applicant: 'a', region: 'r', fail: false });
    const [child] = await calledBy(id);

    await fx.engine.runtime.delete(ACTOR, id, 'withdrawn');

    expect(await fx.state(child!.id)).toBe('EXTERNALLY_TERMINATED');
    expect(await fx.openTasks(child!.id)).toEqual([]);
  });

  it('an interrupting timer on the call activity deletes the called instance', async () => {
    await fx.deploy({ 'check-v3.bpmn': bpmnProcess('backgroundCheck', `<bpmn:startEvent id="cs" /><bpmn:userTask id="check" /><bpmn:endEvent id="ce" />
      <bpmn:endEvent id="failEnd"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent><bpmn:exclusiveGateway id="ok" default="c3" />
      ${flow('c1', 'cs', 'check')}${flow('c2', 'check', 'ok')}${flow('c3', 'ok', 'ce')}
      <bpmn:sequenceFlow id="c4" sourceRef="ok" targetRef="failEnd"><bpmn:conditionExpression>\${fail}</bpmn:conditionExpression></bpmn:sequenceFlow>`)
      .replace('<bpmn:process', `${ERROR}<bpmn:process`) });
    const id = await fx.start('guarded', { fail: false });
    const [child] = await calledBy(id);

    fx.advance(HOUR + 1000);
    await fx.engine.jobs.runDueJobs();

    expect(await fx.openTasks(id)).toEqual(['overdue']);
    expect(await fx.state(child!.id)).toBe('INTERNALLY_TERMINATED');
    expect(await fx.db.dataSource.query(`SELECT id FROM ${T.task.table} WHERE proc_inst_id = ?`, [child!.id])).toEqual([]);
  });

  it('a BPMN error the called process does not catch is caught by an error boundary event of the call activity', async () => {
    const id = await fx.start('guarded', { fail: true });
    const [child] = await calledBy(id);

    await fx.completeTask(child!.id, 'check');

    expect(await fx.openTasks(id)).toEqual(['refuse']);
    expect((await fx.vars(id))['code']).toBe('RECORD_FOUND');
    expect(await fx.state(child!.id)).toBe('INTERNALLY_TERMINATED');
  });
});

describe('a multi-instance call activity', () => {
  it('calls one instance per element and continues when all have ended', async () => {
    const id = await fx.start('perManager', { managers: ['m1', 'm2'], fail: false });
    const children = await calledBy(id);
    expect(children).toHaveLength(2);

    for (const c of children) {
      const tasks = await fx.engine.tasks.query(ACTOR, { processInstanceId: c.id });
      await fx.engine.tasks.complete(ACTOR, tasks[0]!.id, typedMap({}), false);
    }

    expect(await fx.openTasks(id)).toEqual(['after']);
  });
});
