import { parseBpmn, type ProcessModel } from '../../../../src/engine/model/index.js';
import { processXml, summary } from './bpmn-text.js';

const REMOTE = 'deploy it to an Operaton/Camunda 7 engine instead';
const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';

async function parsed(body: string): Promise<ProcessModel> {
  const { processes, errors } = await parseBpmn(processXml(body));
  expect(errors).toEqual([]);
  return processes[0] as ProcessModel;
}

describe('sub-processes, boundary events and error events the embedded engine runs', () => {
  test('an embedded sub-process is a scope with its none start event; its elements know their sub-process', async () => {
    const model = await parsed(`<bpmn:subProcess id="Sub" name="Check">
        <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
        <bpmn:startEvent id="SubStart" /><bpmn:userTask id="Inner" /><bpmn:endEvent id="SubEnd" />
        <bpmn:sequenceFlow id="S1" sourceRef="SubStart" targetRef="Inner" /><bpmn:sequenceFlow id="S2" sourceRef="Inner" targetRef="SubEnd" />
      </bpmn:subProcess><bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Sub" />`);

    expect(model.elements.get('Sub')).toMatchObject({ kind: 'subProcess', activityType: 'subProcess', isScope: true, triggeredByEvent: false, startEventId: 'SubStart', incoming: ['F1'], inputParameters: [{ name: 'a' }] });
    expect([...model.parentOf]).toEqual([['SubStart', 'Sub'], ['Inner', 'Sub'], ['SubEnd', 'Sub'], ['S1', 'Sub'], ['S2', 'Sub']]);
    expect(model.elements.get('Inner')).toMatchObject({ outgoing: ['S2'], incoming: ['S1'] });
    expect(model.startEventId).toBe('Start');
  });

  test('boundary events: timer, message (non-interrupting) and error; the activity they are attached to becomes a scope', async () => {
    const model = await parsed(`<bpmn:userTask id="Task" />
      <bpmn:boundaryEvent id="Late" attachedToRef="Task">${timer}</bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Paid" attachedToRef="Task" cancelActivity="false"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="t" />
      <bpmn:boundaryEvent id="Failed" attachedToRef="Work"><bpmn:errorEventDefinition errorRef="Error_1" camunda:errorCodeVariable="code" camunda:errorMessageVariable="msg" /></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Any" attachedToRef="Work"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`);

    expect(model.elements.get('Task')).toMatchObject({ isScope: true });
    expect(model.elements.get('Late')).toMatchObject({ kind: 'boundaryEvent', activityType: 'boundaryTimer', attachedToId: 'Task', cancelActivity: true, timer: { type: 'duration' } });
    expect(model.elements.get('Paid')).toMatchObject({ activityType: 'boundaryMessage', cancelActivity: false, messageName: { source: 'paid' } });
    expect(model.elements.get('Failed')).toMatchObject({ activityType: 'boundaryError', error: { errorCode: 'E1', codeVariable: 'code', messageVariable: 'msg' } });
    expect(model.elements.get('Any')).toMatchObject({ error: { errorCode: null, codeVariable: null } });
    expect([...model.boundaryEventIds]).toEqual([['Task', ['Late', 'Paid']], ['Work', ['Failed', 'Any']]]);
  });

  test('an error end event and an error event sub-process of the process', async () => {
    const model = await parsed(`<bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Error_1" /></bpmn:endEvent>
      <bpmn:subProcess id="OnError" triggeredByEvent="true">
        <bpmn:startEvent id="Caught"><bpmn:errorEventDefinition errorRef="Error_1" camunda:errorCodeVariable="code" /></bpmn:startEvent><bpmn:endEvent id="Handled" />
        <bpmn:sequenceFlow id="E1" sourceRef="Caught" targetRef="Handled" />
      </bpmn:subProcess><bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Fail" />`);

    expect(model.elements.get('Fail')).toMatchObject({ kind: 'endEvent', activityType: 'errorEndEvent', terminate: false, error: { errorCode: 'E1', errorMessage: null } });
    expect(model.elements.get('OnError')).toMatchObject({ kind: 'subProcess', triggeredByEvent: true, startEventId: 'Caught', isScope: true });
    expect(model.elements.get('Caught')).toMatchObject({ kind: 'startEvent', activityType: 'errorStartEvent', error: { errorCode: 'E1', codeVariable: 'code' } });
    expect([...model.eventSubProcessIds]).toEqual([['', ['OnError']]]);
    // the error start event is not a start event of the process
    expect(model.startEventId).toBe('Start');
  });
});

describe('scope and error constructs the embedded engine refuses', () => {
  test.each<[construct: string, body: string, elementId: string, message: string]>([
    ['a non-interrupting error boundary event', '<bpmn:userTask id="T" /><bpmn:boundaryEvent id="B" attachedToRef="T" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>',
      'B', 'error boundary events are always interrupting'],
    ['an error boundary event referring to an unknown error', '<bpmn:userTask id="T" /><bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:errorEventDefinition errorRef="Nope" /></bpmn:boundaryEvent>',
      'B', `refers to 'Nope' in errorRef, but no element has this id`],
    ['an errorRef that is not an error', '<bpmn:userTask id="T" /><bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:errorEventDefinition errorRef="Message_1" /></bpmn:boundaryEvent>',
      'B', `refers to 'Message_1' in errorRef, which is not a <bpmn:error>`],
    ['a boundary event on a plain task', `<bpmn:task id="T" /><bpmn:boundaryEvent id="B" attachedToRef="T">${timer}</bpmn:boundaryEvent>`,
      'B', `Timer boundary event 'B' is not supported yet by the embedded engine; ${REMOTE}. (The embedded engine supports boundary events on user tasks, external tasks, receive tasks, sub-processes and call activities, not on task 'T'.)`],
    ['a boundary event on an event sub-process', `<bpmn:subProcess id="T" triggeredByEvent="true"><bpmn:startEvent id="S"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess><bpmn:boundaryEvent id="B" attachedToRef="T">${timer}</bpmn:boundaryEvent>`,
      'B', 'not on event sub-process'],
    ['an escalation boundary event', '<bpmn:userTask id="T" /><bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:escalationEventDefinition escalationRef="Escalation_1" /></bpmn:boundaryEvent>',
      'B', `Escalation boundary event 'B' is not supported yet by the embedded engine; ${REMOTE}.`],
    ['a boundary event with incoming flows', `<bpmn:userTask id="T" /><bpmn:boundaryEvent id="B" attachedToRef="T">${timer}</bpmn:boundaryEvent><bpmn:sequenceFlow id="F" sourceRef="Start" targetRef="B" />`,
      'B', 'a boundary event cannot have any'],
    ['a sub-process without a start event', '<bpmn:subProcess id="Sub"><bpmn:userTask id="T" /></bpmn:subProcess>', 'Sub', `Sub-process 'Sub' has no none start event`],
    ['a timer start event in a sub-process', `<bpmn:subProcess id="Sub"><bpmn:startEvent id="S">${timer.replace('timeDuration', 'timeDate').replace('PT1H', '2030-01-01T00:00:00Z').replace('timeDuration', 'timeDate')}</bpmn:startEvent></bpmn:subProcess>`,
      'S', `Start event 'S' of sub-process 'Sub' is not a none start event`],
    ['an event sub-process with two start events', '<bpmn:subProcess id="Ev" triggeredByEvent="true"><bpmn:startEvent id="S"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent><bpmn:startEvent id="S3"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>',
      'Ev', `Event sub-process 'Ev' has 2 start events; it needs exactly one`],
    ['a non-interrupting error start event', '<bpmn:subProcess id="Ev" triggeredByEvent="true"><bpmn:startEvent id="S" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>',
      'S', 'error start events are always interrupting'],
    ['an error start event outside an event sub-process', '<bpmn:subProcess id="Sub"><bpmn:startEvent id="S"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>',
      'S', 'error start events are not supported yet'],
    ['an error end event without errorRef', '<bpmn:endEvent id="E"><bpmn:errorEventDefinition /></bpmn:endEvent>', 'E', `End event 'E' has no errorRef`],
    ['an error end event with an error code expression', '<bpmn:endEvent id="E"><bpmn:errorEventDefinition errorRef="Dynamic" /></bpmn:endEvent>', 'E',
      'expressions in error codes are not supported yet'],
    ['error variables on an error end event', '<bpmn:endEvent id="E"><bpmn:errorEventDefinition errorRef="Error_1" camunda:errorCodeVariable="c" /></bpmn:endEvent>', 'E',
      'camunda:errorCodeVariable'],
    ['a sequence flow into a sub-process', '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" /><bpmn:userTask id="Inner" /></bpmn:subProcess><bpmn:sequenceFlow id="F" sourceRef="Start" targetRef="Inner" />',
      'F', `The targetRef 'Inner' of sequence flow 'F' is not a flow node of process 'Process_1'.`],
    ['an event sub-process with sequence flows', '<bpmn:subProcess id="Ev" triggeredByEvent="true"><bpmn:startEvent id="S"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess><bpmn:sequenceFlow id="F" sourceRef="Start" targetRef="Ev" />',
      'Ev', 'an event sub-process cannot have any'],
  ])('%s is refused, naming the element', async (_construct, body, elementId, message) => {
    const xml = processXml(body).replace('<bpmn:process', '<bpmn:error id="Dynamic" errorCode="${code}" /><bpmn:process');

    const { errors, processes } = await parseBpmn(xml);

    const problem = errors.find((e) => e.message.includes(message));
    expect({ problem, all: summary(errors) }).toMatchObject({ problem: { mainBpmnElementId: elementId } });
    expect(processes).toEqual([]);
  });
});
