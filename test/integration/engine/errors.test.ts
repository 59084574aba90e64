import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';
import type { ActivityInstanceNode } from '../../../src/engine/services/runtime-service.js';

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const external = (id: string, topic: string) => `<bpmn:serviceTask id="${id}" camunda:type="external" camunda:topic="${topic}" />`;
const errorBoundary = (id: string, attachedTo: string, errorRef: string | null, vars = '') =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:errorEventDefinition${errorRef ? ` errorRef="${errorRef}"` : ''}${vars} /></bpmn:boundaryEvent>`;
const VARS = ' camunda:errorCodeVariable="code" camunda:errorMessageVariable="why"';

/** A document with the errors `Err_rejected` (code REJECTED), `Err_fraud` (code FRAUD, message `Fraud by ${who}`) and one process. */
function definitions(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_${id}" targetNamespace="http://example.org/test">
  <bpmn:error id="Err_rejected" name="Rejected" errorCode="REJECTED" />
  <bpmn:error id="Err_fraud" name="Fraud" errorCode="FRAUD" camunda:errorMessage="Fraud by \${who}" />
  <bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="30">${body}</bpmn:process>
</bpmn:definitions>`;
}

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    // start → verify (external; REJECTED → rejectedTask, any other → otherTask) → done
    'own-boundary.bpmn': definitions('ownBoundary', `<bpmn:startEvent id="start" />${external('verify', 'verify')}<bpmn:userTask id="done" />
      ${errorBoundary('onRejected', 'verify', 'Err_rejected', VARS)}${errorBoundary('onAny', 'verify', null, ' camunda:errorCodeVariable="anyCode"')}
      <bpmn:userTask id="rejectedTask" /><bpmn:userTask id="otherTask" />
      ${flow('f1', 'start', 'verify')}${flow('f2', 'verify', 'done')}${flow('f3', 'onRejected', 'rejectedTask')}${flow('f4', 'onAny', 'otherTask')}`),
    // start → case(fork(check (external), review (user))) → done ; REJECTED on `case` → handle
    'sub-boundary.bpmn': definitions('subBoundary', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="case"><bpmn:startEvent id="cs" /><bpmn:parallelGateway id="split" />${external('check', 'check')}<bpmn:userTask id="review" />
        <bpmn:parallelGateway id="merge" /><bpmn:endEvent id="ce" />
        ${flow('c1', 'cs', 'split')}${flow('c2', 'split', 'check')}${flow('c3', 'split', 'review')}${flow('c4', 'check', 'merge')}${flow('c5', 'review', 'merge')}${flow('c6', 'merge', 'ce')}
      </bpmn:subProcess>
      ${errorBoundary('caseRejected', 'case', 'Err_rejected', VARS)}<bpmn:userTask id="handle" /><bpmn:userTask id="done" />
      ${flow('f1', 'start', 'case')}${flow('f2', 'case', 'done')}${flow('f3', 'caseRejected', 'handle')}`),
    // start → work (external) → done ; process-level error event sub-process (catch-all) with task `repair`
    'event-sub.bpmn': definitions('eventSub', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="split" />${external('work', 'work')}<bpmn:userTask id="side" />
      <bpmn:userTask id="done" />
      <bpmn:subProcess id="onError" triggeredByEvent="true">
        <bpmn:startEvent id="errorStart"><bpmn:errorEventDefinition${VARS} /></bpmn:startEvent><bpmn:userTask id="repair" /><bpmn:endEvent id="repaired" />
        ${flow('e1', 'errorStart', 'repair')}${flow('e2', 'repair', 'repaired')}
      </bpmn:subProcess>
      ${flow('f1', 'start', 'split')}${flow('f2', 'split', 'work')}${flow('f3', 'split', 'side')}${flow('f4', 'work', 'done')}`),
    // start → case(work (external), error event sub-process for REJECTED inside) → after ; a catch-all boundary on `case` too
    'nested-event-sub.bpmn': definitions('nestedEventSub', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="case"><bpmn:startEvent id="cs" />${external('work', 'work')}<bpmn:endEvent id="ce" />${flow('c1', 'cs', 'work')}${flow('c2', 'work', 'ce')}
        <bpmn:subProcess id="caseError" triggeredByEvent="true">
          <bpmn:startEvent id="caseErrorStart"><bpmn:errorEventDefinition errorRef="Err_rejected" camunda:errorCodeVariable="code" /></bpmn:startEvent>
          <bpmn:userTask id="fix" /><bpmn:endEvent id="fixed" />${flow('e1', 'caseErrorStart', 'fix')}${flow('e2', 'fix', 'fixed')}
        </bpmn:subProcess>
      </bpmn:subProcess>
      ${errorBoundary('caseFailed', 'case', null)}<bpmn:userTask id="failed" /><bpmn:userTask id="after" />
      ${flow('f1', 'start', 'case')}${flow('f2', 'case', 'after')}${flow('f3', 'caseFailed', 'failed')}`),
    // start → outer(inner(decide → fraudEnd | okEnd)) → done ; FRAUD caught on outer, nothing on inner
    'end-event.bpmn': definitions('errorEnd', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="outer"><bpmn:startEvent id="os" />
        <bpmn:subProcess id="inner"><bpmn:startEvent id="is" /><bpmn:exclusiveGateway id="decide" default="ok" />
          <bpmn:endEvent id="fraudEnd"><bpmn:errorEventDefinition errorRef="Err_fraud" /></bpmn:endEvent><bpmn:endEvent id="okEnd" />
          ${flow('i1', 'is', 'decide')}<bpmn:sequenceFlow id="bad" sourceRef="decide" targetRef="fraudEnd"><bpmn:conditionExpression>\${fraud}</bpmn:conditionExpression></bpmn:sequenceFlow>${flow('ok', 'decide', 'okEnd')}
        </bpmn:subProcess>
        <bpmn:endEvent id="oe" />${flow('o1', 'os', 'inner')}${flow('o2', 'inner', 'oe')}
      </bpmn:subProcess>
      ${errorBoundary('outerFraud', 'outer', 'Err_fraud', VARS)}<bpmn:userTask id="investigate" /><bpmn:userTask id="done" />
      ${flow('f1', 'start', 'outer')}${flow('f2', 'outer', 'done')}${flow('f3', 'outerFraud', 'investigate')}`),
    // start → sub(work (external)) → after ; no error handlers at all
    'uncaught-external.bpmn': definitions('uncaughtExternal', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${external('work', 'work')}<bpmn:userTask id="never" /><bpmn:endEvent id="se" />
        ${flow('s1', 'ss', 'work')}${flow('s2', 'work', 'never')}${flow('s3', 'never', 'se')}</bpmn:subProcess>
      <bpmn:userTask id="after" />${flow('f1', 'start', 'sub')}${flow('f2', 'sub', 'after')}`),
    // an error end event nobody catches
    'uncaught-end.bpmn': definitions('uncaughtEnd', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="split" /><bpmn:userTask id="other" />
      <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="Err_rejected" /></bpmn:endEvent>
      ${flow('f1', 'start', 'split')}${flow('f2', 'split', 'fail')}${flow('f3', 'split', 'other')}`),
  });
});
afterAll(async () => {
  await fx.close();
});

const query = async (sql: string, params: unknown[]) => fx.db.dataSource.query<Array<Record<string, unknown>>>(sql, params);
const externalTasks = async (procInstId: string) => (await fx.engine.externalTasks.query(ACTOR, { processInstanceId: procInstId })).map((t) => t.activityId).sort();

/** Locks the instance's external task of `topic` and reports a BPMN error for it. */
async function bpmnError(procInstId: string, topic: string, errorCode: string, errorMessage: string | null = null, variables: Record<string, unknown> = {}): Promise<void> {
  const locked = await fx.engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'w', maxTasks: 100, usePriority: false, topics: [{ topicName: topic, lockDuration: 60_000 }] });
  const mine = locked.find((l) => l.task.procInstId === procInstId);
  for (const other of locked.filter((l) => l !== mine)) await fx.engine.externalTasks.unlock(ACTOR, other.task.id);
  if (!mine) throw new Error(`no external task '${topic}' for ${procInstId}`);
  await fx.engine.externalTasks.bpmnError(ACTOR, mine.task.id, { workerId: 'w', errorCode, errorMessage, variables: typedMap(variables) });
}

async function activities(procInstId: string): Promise<Array<[string, string, number, boolean]>> {
  const rows = await query('SELECT act_id, act_type, act_inst_state, end_time FROM eng_hi_actinst WHERE proc_inst_id = ? ORDER BY start_time, sequence', [procInstId]);
  return rows.map((r) => [String(r['act_id']), String(r['act_type']), Number(r['act_inst_state']), r['end_time'] !== null]);
}

function shape(node: ActivityInstanceNode): unknown {
  return [...node.childActivityInstances].sort((a, b) => a.activityId.localeCompare(b.activityId))
    .map((c) => (c.childActivityInstances.length ? { [c.activityId]: shape(c) } : c.activityId));
}

describe('a BPMN error reported for an external task', () => {
  it('is caught by the error boundary event with its code: variables set first, code and message variables set, task cancelled', async () => {
    // given
    const id = await fx.start('ownBoundary');
    // when
    await bpmnError(id, 'verify', 'REJECTED', 'documents incomplete', { checkedBy: 'worker-1' });
    // then
    expect(await externalTasks(id)).toEqual([]);
    expect(await fx.openTasks(id)).toEqual(['rejectedTask']);
    expect(await fx.vars(id)).toEqual({ checkedBy: 'worker-1', code: 'REJECTED', why: 'documents incomplete' });
    expect(await activities(id)).toEqual([
      ['start', 'startEvent', 0, true], ['verify', 'serviceTask', 2, true], ['onRejected', 'boundaryError', 0, true], ['rejectedTask', 'userTask', 0, false],
    ]);
    expect(await query('SELECT id FROM eng_execution WHERE proc_inst_id = ?', [id])).toHaveLength(1);
  });

  it('with another code is caught by the catch-all boundary event (no errorRef)', async () => {
    const id = await fx.start('ownBoundary');
    await bpmnError(id, 'verify', 'TIMEOUT');
    expect(await fx.openTasks(id)).toEqual(['otherTask']);
    expect(await fx.vars(id)).toEqual({ anyCode: 'TIMEOUT' });
  });

  it('is caught by the boundary event of the enclosing sub-process, which is cancelled with everything inside', async () => {
    // given
    const id = await fx.start('subBoundary');
    expect(await fx.openTasks(id)).toEqual(['review']);
    // when
    await bpmnError(id, 'check', 'REJECTED', 'no licence');
    // then the sibling user task is gone too, in the same command
    expect(await fx.openTasks(id)).toEqual(['handle']);
    expect(await externalTasks(id)).toEqual([]);
    expect(await fx.vars(id)).toEqual({ code: 'REJECTED', why: 'no licence' });
    const history = await activities(id);
    expect(history.filter(([, , state]) => state === 2).map(([a]) => a).sort()).toEqual(['case', 'check', 'review']);
    expect(history.find(([a]) => a === 'caseRejected')).toEqual(['caseRejected', 'boundaryError', 0, true]);
    expect((await fx.engine.history.tasks(ACTOR, { processInstanceId: id, taskDefinitionKey: 'review' }))[0]).toMatchObject({ deleteReason: 'deleted' });
  });

  it('that no boundary catches is caught by the error event sub-process of the process: everything else is cancelled', async () => {
    // given
    const id = await fx.start('eventSub');
    expect(await fx.openTasks(id)).toEqual(['side']);
    // when
    await bpmnError(id, 'work', 'BROKEN', 'disk full');
    // then
    expect(await fx.openTasks(id)).toEqual(['repair']);
    expect(await externalTasks(id)).toEqual([]);
    expect(await fx.vars(id)).toEqual({ code: 'BROKEN', why: 'disk full' });
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(shape(tree)).toEqual([{ onError: ['repair'] }]);
    expect(tree.childActivityInstances[0]).toMatchObject({ activityType: 'eventSubProcess', parentActivityInstanceId: id });
    const history = await activities(id);
    expect(history.filter(([, , state]) => state === 2).map(([a]) => a).sort()).toEqual(['side', 'work']);
    expect(history.find(([a]) => a === 'errorStart')).toEqual(['errorStart', 'errorStartEvent', 0, true]);
    // when the event sub-process completes, the process instance completes with it
    await fx.completeTask(id, 'repair');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('is caught by the error event sub-process inside its sub-process before the boundary event of the sub-process', async () => {
    // given
    const id = await fx.start('nestedEventSub');
    // when
    await bpmnError(id, 'work', 'REJECTED');
    // then
    expect(await fx.openTasks(id)).toEqual(['fix']);
    expect(shape(await fx.engine.runtime.activityInstances(ACTOR, id))).toEqual([{ case: [{ caseError: ['fix'] }] }]);
    expect(await fx.vars(id)).toEqual({ code: 'REJECTED' });
    // when the event sub-process completes, its sub-process completes and the token leaves it normally
    await fx.completeTask(id, 'fix');
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect((await activities(id)).find(([a]) => a === 'case')).toEqual(['case', 'subProcess', 0, true]);
  });

  it('that the nearer event sub-process does not catch travels on to the catch-all boundary event of the sub-process', async () => {
    const id = await fx.start('nestedEventSub');
    await bpmnError(id, 'work', 'OTHER');
    expect(await fx.openTasks(id)).toEqual(['failed']);
    expect((await activities(id)).find(([a]) => a === 'case')).toEqual(['case', 'subProcess', 2, true]);
  });

  it('that nothing catches ends the token as a none end event (Camunda 7 default); its scope then completes', async () => {
    // given
    const id = await fx.start('uncaughtExternal');
    // when
    await bpmnError(id, 'work', 'UNKNOWN', null, { seen: 1 });
    // then the token ended at the task (its outgoing flow is not taken), so the sub-process completed and was left
    expect(await externalTasks(id)).toEqual([]);
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await fx.vars(id)).toEqual({ seen: 1 });
    const history = await activities(id);
    expect(history.find(([a]) => a === 'work')).toEqual(['work', 'serviceTask', 0, true]);
    expect(history.find(([a]) => a === 'sub')).toEqual(['sub', 'subProcess', 0, true]);
  });

  it('whose code matches neither boundary of a sub-process ends only its own token: the join waits for it forever, as in Camunda', async () => {
    const id = await fx.start('subBoundary');
    await bpmnError(id, 'check', 'UNKNOWN');
    expect(await externalTasks(id)).toEqual([]);
    await fx.completeTask(id, 'review');
    expect(await fx.openTasks(id)).toEqual([]);
    expect(await fx.state(id)).toBe('ACTIVE');
  });
});

describe('an error end event', () => {
  it('throws its error outwards through a sub-process without handler to the boundary event of the enclosing one, with its message', async () => {
    // when
    const id = await fx.start('errorEnd', { fraud: true, who: 'Zhang' });
    // then
    expect(await fx.openTasks(id)).toEqual(['investigate']);
    expect(await fx.vars(id)).toMatchObject({ code: 'FRAUD', why: 'Fraud by Zhang' });
    const history = await activities(id);
    expect(history.find(([a]) => a === 'fraudEnd')).toEqual(['fraudEnd', 'errorEndEvent', 0, true]);
    expect(history.filter(([a]) => ['outer', 'inner'].includes(a))).toEqual([['outer', 'subProcess', 2, true], ['inner', 'subProcess', 2, true]]);
    expect(await query('SELECT id FROM eng_execution WHERE proc_inst_id = ?', [id])).toHaveLength(1);
  });

  it('is not reached on the other path: the sub-processes complete normally', async () => {
    const id = await fx.start('errorEnd', { fraud: false, who: 'Li' });
    expect(await fx.openTasks(id)).toEqual(['done']);
  });

  it('that nothing catches ends its token like a none end event', async () => {
    const id = await fx.start('uncaughtEnd');
    expect(await fx.openTasks(id)).toEqual(['other']);
    await fx.completeTask(id, 'other');
    expect(await fx.state(id)).toBe('COMPLETED');
  });
});
