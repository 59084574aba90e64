import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';

/**
 * Event-based gateways, event sub-processes started by timers, messages and signals (interrupting or not), signal
 * boundary events, and message throw events.
 */

/** A BPMN document with root messages and signals and one process. */
function definitions(key: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_${key}" targetNamespace="http://example.org/test">
  <bpmn:message id="Msg_hearing" name="hearingRequested" /><bpmn:message id="Msg_withdraw" name="withdrawn" /><bpmn:message id="Msg_note" name="noteAdded" />
  <bpmn:signal id="Sig_stop" name="stopAll" /><bpmn:signal id="Sig_ping" name="ping" />
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="30">${body}</bpmn:process>
</bpmn:definitions>`;
}

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const HOUR = 3_600_000;
const timer = (kind: string, value: string) => `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    // 听证申请 window: a hearing request (message), a stop signal, or 3 days without one
    'gateway.bpmn': definitions('hearingWindow', `<bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="race" />
      <bpmn:intermediateCatchEvent id="requested"><bpmn:messageEventDefinition messageRef="Msg_hearing" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="expired">${timer('timeDuration', 'P3D')}</bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="stopped"><bpmn:signalEventDefinition signalRef="Sig_stop" /></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="hearing" /><bpmn:userTask id="decide" /><bpmn:endEvent id="stopEnd" />
      ${flow('f1', 'start', 'race')}${flow('f2', 'race', 'requested')}${flow('f3', 'race', 'expired')}${flow('f4', 'race', 'stopped')}
      ${flow('f5', 'requested', 'hearing')}${flow('f6', 'expired', 'decide')}${flow('f7', 'stopped', 'stopEnd')}`),
    // a case that a withdrawal interrupts, that notes can be added to at any time, and that reminds every day twice
    'esp.bpmn': definitions('caseFile', `<bpmn:startEvent id="start" /><bpmn:userTask id="investigate" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'investigate')}${flow('f2', 'investigate', 'end')}
      <bpmn:subProcess id="onWithdraw" triggeredByEvent="true"><bpmn:startEvent id="withdrawStart"><bpmn:messageEventDefinition messageRef="Msg_withdraw" /></bpmn:startEvent>
        <bpmn:userTask id="closeWithdrawn" /><bpmn:endEvent id="we" />${flow('w1', 'withdrawStart', 'closeWithdrawn')}${flow('w2', 'closeWithdrawn', 'we')}</bpmn:subProcess>
      <bpmn:subProcess id="onNote" triggeredByEvent="true"><bpmn:startEvent id="noteStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_note" /></bpmn:startEvent>
        <bpmn:userTask id="readNote" /><bpmn:endEvent id="ne" />${flow('n1', 'noteStart', 'readNote')}${flow('n2', 'readNote', 'ne')}</bpmn:subProcess>
      <bpmn:subProcess id="onDay" triggeredByEvent="true"><bpmn:startEvent id="dayStart" isInterrupting="false">${timer('timeCycle', 'R2/P1D')}</bpmn:startEvent>
        <bpmn:endEvent id="de" />${flow('d1', 'dayStart', 'de')}</bpmn:subProcess>
      <bpmn:subProcess id="onStop" triggeredByEvent="true"><bpmn:startEvent id="stopStart"><bpmn:signalEventDefinition signalRef="Sig_stop" /></bpmn:startEvent>
        <bpmn:endEvent id="se" />${flow('x1', 'stopStart', 'se')}</bpmn:subProcess>`),
    // a non-interrupting message event sub-process inside an embedded sub-process
    'inner-esp.bpmn': definitions('innerNotes', `<bpmn:startEvent id="start" /><bpmn:userTask id="after" />
      <bpmn:subProcess id="review"><bpmn:startEvent id="rs" /><bpmn:userTask id="work" /><bpmn:endEvent id="re" />${flow('r1', 'rs', 'work')}${flow('r2', 'work', 're')}
        <bpmn:subProcess id="notes" triggeredByEvent="true"><bpmn:startEvent id="ns" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_note" /></bpmn:startEvent>
          <bpmn:userTask id="note" /><bpmn:endEvent id="ne" />${flow('n1', 'ns', 'note')}${flow('n2', 'note', 'ne')}</bpmn:subProcess></bpmn:subProcess>
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'after')}`),
    // signal boundary events: an interrupting stop and a non-interrupting ping
    'signal-boundary.bpmn': definitions('signalled', `<bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="end" />
      <bpmn:boundaryEvent id="stop" attachedToRef="work"><bpmn:signalEventDefinition signalRef="Sig_stop" /></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="ping" attachedToRef="work" cancelActivity="false"><bpmn:signalEventDefinition signalRef="Sig_ping" /></bpmn:boundaryEvent>
      <bpmn:userTask id="stopped" /><bpmn:userTask id="pinged" />
      ${flow('f1', 'start', 'work')}${flow('f2', 'work', 'end')}${flow('f3', 'stop', 'stopped')}${flow('f4', 'ping', 'pinged')}`),
    // message throw events carried out by a worker (external), and one without implementation
    'throw.bpmn': definitions('notifies', `<bpmn:startEvent id="start" />
      <bpmn:intermediateThrowEvent id="notify"><bpmn:messageEventDefinition messageRef="Msg_hearing" camunda:type="external" camunda:topic="send-notice" /></bpmn:intermediateThrowEvent>
      <bpmn:intermediateThrowEvent id="silent"><bpmn:messageEventDefinition messageRef="Msg_note" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="done"><bpmn:messageEventDefinition messageRef="Msg_withdraw" camunda:type="external" camunda:topic="send-result" /></bpmn:endEvent>
      ${flow('f1', 'start', 'notify')}${flow('f2', 'notify', 'silent')}${flow('f3', 'silent', 'done')}`),
  });
});
afterAll(async () => {
  await fx.close();
});

const correlate = (messageName: string, processInstanceId: string, variables: Record<string, unknown> = {}) =>
  fx.engine.messages.correlate(ACTOR, { messageName, processInstanceId, processVariables: typedMap(variables) });

async function waiting(procInstId: string): Promise<{ jobs: string[]; subscriptions: string[] }> {
  const jobs = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT activity_id FROM eng_job WHERE proc_inst_id = ? ORDER BY activity_id', [procInstId]);
  const subs = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT activity_id FROM eng_event_subscription WHERE proc_inst_id = ? ORDER BY activity_id', [procInstId]);
  return { jobs: jobs.map((j) => String(j['activity_id'])), subscriptions: subs.map((s) => String(s['activity_id'])) };
}

async function activityRows(procInstId: string): Promise<Array<[string, string, boolean]>> {
  const rows = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT act_id, act_type, end_time FROM eng_hi_actinst WHERE proc_inst_id = ? ORDER BY start_time, sequence', [procInstId]);
  return rows.map((r) => [String(r['act_id']), String(r['act_type']), r['end_time'] !== null]);
}

describe('an event-based gateway', () => {
  it('waits for a message, a timer and a signal at once', async () => {
    const id = await fx.start('hearingWindow');

    expect(await waiting(id)).toEqual({ jobs: ['expired'], subscriptions: ['requested', 'stopped'] });
    expect((await fx.engine.runtime.activityInstances(ACTOR, id)).childActivityInstances.map((c) => [c.activityId, c.activityType])).toEqual([['race', 'eventBasedGateway']]);
  });

  it('takes the path of the message that arrives first, and cancels the timer and the other subscriptions', async () => {
    const id = await fx.start('hearingWindow');

    await correlate('hearingRequested', id, { requestedBy: '当事人' });

    expect(await fx.openTasks(id)).toEqual(['hearing']);
    expect(await waiting(id)).toEqual({ jobs: [], subscriptions: [] });
    expect((await fx.vars(id))['requestedBy']).toBe('当事人');
    expect(await activityRows(id)).toEqual([
      ['start', 'startEvent', true], ['race', 'eventBasedGateway', true], ['requested', 'intermediateMessageCatch', true], ['hearing', 'userTask', false],
    ]);
  });

  it('takes the timer path when the time runs out first; a late message then matches nothing', async () => {
    const id = await fx.start('hearingWindow');

    fx.advance(3 * 24 * HOUR + 1000);
    await fx.engine.jobs.runDueJobs();

    expect(await fx.openTasks(id)).toEqual(['decide']);
    expect(await waiting(id)).toEqual({ jobs: [], subscriptions: [] });
    await expect(correlate('hearingRequested', id)).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
  });

  it('takes the signal path when the signal is broadcast', async () => {
    const id = await fx.start('hearingWindow');

    await fx.engine.signals.send(ACTOR, { name: 'stopAll' });

    expect(await fx.state(id)).toBe('COMPLETED');
  });
});

describe('an event sub-process', () => {
  it('with an interrupting message start event cancels the work of its scope and runs instead', async () => {
    const id = await fx.start('caseFile');

    await correlate('withdrawn', id);

    expect(await fx.openTasks(id)).toEqual(['closeWithdrawn']);
    expect(await waiting(id)).toEqual({ jobs: [], subscriptions: [] });
    await fx.completeTask(id, 'closeWithdrawn');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('with a non-interrupting message start event runs beside the work, as often as the message comes', async () => {
    const id = await fx.start('caseFile');

    await correlate('noteAdded', id);
    await correlate('noteAdded', id);

    expect(await fx.openTasks(id)).toEqual(['investigate', 'readNote', 'readNote']);
    await fx.completeTask(id, 'investigate');
    expect(await fx.state(id)).toBe('ACTIVE'); // the notes are still being read
    for (const t of await fx.engine.tasks.query(ACTOR, { processInstanceId: id })) await fx.engine.tasks.complete(ACTOR, t.id, {}, false);
    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await waiting(id)).toEqual({ jobs: [], subscriptions: [] });
  });

  it('with a non-interrupting timer cycle fires on each occurrence while the scope runs', async () => {
    const id = await fx.start('caseFile');
    expect((await waiting(id)).jobs).toEqual(['dayStart']);

    fx.advance(24 * HOUR + 1000);
    await fx.engine.jobs.runDueJobs();
    fx.advance(24 * HOUR + 1000);
    await fx.engine.jobs.runDueJobs();

    expect((await activityRows(id)).filter(([a]) => a === 'onDay').map(([, type, ended]) => [type, ended])).toEqual([['eventSubProcess', true], ['eventSubProcess', true]]);
    expect(await fx.openTasks(id)).toEqual(['investigate']);
    expect((await waiting(id)).jobs).toEqual([]); // R2: two occurrences
  });

  it('with an interrupting signal start event ends the instance when it completes', async () => {
    const id = await fx.start('caseFile');

    await fx.engine.signals.send(ACTOR, { name: 'stopAll' });

    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await fx.openTasks(id)).toEqual([]);
  });

  it('inside an embedded sub-process listens only while the sub-process runs', async () => {
    const id = await fx.start('innerNotes');

    await correlate('noteAdded', id);
    expect(await fx.openTasks(id)).toEqual(['note', 'work']);
    await fx.completeTask(id, 'note');
    await fx.completeTask(id, 'work');

    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await waiting(id)).toEqual({ jobs: [], subscriptions: [] });
    await expect(correlate('noteAdded', id)).rejects.toMatchObject({ type: 'MismatchingMessageCorrelationException' });
  });
});

describe('a signal boundary event', () => {
  it('interrupting: the broadcast cancels the task and takes the boundary path', async () => {
    const id = await fx.start('signalled');

    await fx.engine.signals.send(ACTOR, { name: 'stopAll' });

    expect(await fx.openTasks(id)).toEqual(['stopped']);
  });

  it('non-interrupting: each broadcast adds a path and the task stays', async () => {
    const id = await fx.start('signalled');

    await fx.engine.signals.send(ACTOR, { name: 'ping' });
    await fx.engine.signals.send(ACTOR, { name: 'ping' });

    expect(await fx.openTasks(id)).toEqual(['pinged', 'pinged', 'work']);
    await fx.completeTask(id, 'work');
    expect(await waiting(id)).toEqual({ jobs: [], subscriptions: [] });
  });
});

describe('message throw events', () => {
  it('with camunda:type="external" are carried out by a worker; without an implementation they pass the token on', async () => {
    const id = await fx.start('notifies');

    await fx.completeExternal(id, 'send-notice');
    await fx.completeExternal(id, 'send-result');

    expect(await fx.state(id)).toBe('COMPLETED');
    expect((await activityRows(id)).map(([a, type]) => [a, type])).toEqual([
      ['start', 'startEvent'], ['notify', 'intermediateMessageThrowEvent'], ['silent', 'intermediateMessageThrowEvent'], ['done', 'messageEndEvent'],
    ]);
  });
});
