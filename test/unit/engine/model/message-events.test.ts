import { parseBpmn } from '../../../../src/engine/model/index.js';
import { definitionsXml, element, parsedProcess, processXml, summary } from './bpmn-text.js';

const REMOTE = 'deploy it to an Operaton/Camunda 7 engine instead';

/** A process (id `Process_1`, no implicit start event) with the given content. */
const bareProcess = (content: string, messages = '') => definitionsXml(`${messages}
  <bpmn:process id="Process_1" isExecutable="true" camunda:historyTimeToLive="30">${content}</bpmn:process>`);

describe('message catch events and receive tasks', () => {
  it('reads an intermediate message catch event as a message catch waiting for the named message', async () => {
    const process = await parsedProcess(processXml(
      '<bpmn:intermediateCatchEvent id="Catch_1" name="Paid"><bpmn:messageEventDefinition id="Def_1" messageRef="Message_1" /></bpmn:intermediateCatchEvent>'));

    expect(element(process, 'Catch_1')).toMatchObject({
      kind: 'messageCatch', activityType: 'intermediateMessageCatch', name: 'Paid', isScope: false,
      messageName: expect.objectContaining({ source: 'paid', isLiteral: true }),
    });
  });

  it('reads a receive task with messageRef, including its input/output mapping', async () => {
    const process = await parsedProcess(processXml(`<bpmn:receiveTask id="Receive_1" messageRef="Message_1">
      <bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name="out">\${payload}</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements>
    </bpmn:receiveTask>`));

    expect(element(process, 'Receive_1')).toMatchObject({
      kind: 'messageCatch', activityType: 'receiveTask', isScope: true, outputParameters: [expect.objectContaining({ name: 'out' })],
      messageName: expect.objectContaining({ source: 'paid' }),
    });
  });

  it('keeps a message name expression to evaluate when a token arrives', async () => {
    const process = await parsedProcess(definitionsXml(`<bpmn:message id="Dynamic" name="paid-\${orderId}" />
      <bpmn:process id="Process_1" isExecutable="true" camunda:historyTimeToLive="30"><bpmn:startEvent id="Start" />
        <bpmn:intermediateCatchEvent id="Catch_1"><bpmn:messageEventDefinition messageRef="Dynamic" /></bpmn:intermediateCatchEvent>
      </bpmn:process>`));

    const catchEvent = element(process, 'Catch_1');
    expect(catchEvent.kind === 'messageCatch' && catchEvent.messageName.isLiteral).toBe(false);
    expect(catchEvent.kind === 'messageCatch' && catchEvent.messageName.source).toBe('paid-${orderId}');
  });
});

describe('message start events', () => {
  it('reads a message start event next to the none start event, which stays the initial one', async () => {
    const process = await parsedProcess(processXml(
      '<bpmn:startEvent id="ByMessage" camunda:initiator="starter"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>'));

    expect(process.startEventId).toBe('Start');
    expect(element(process, 'ByMessage')).toMatchObject({
      kind: 'startEvent', activityType: 'messageStartEvent', initiator: 'starter', messageName: expect.objectContaining({ source: 'paid' }),
    });
    expect(element(process, 'Start')).not.toHaveProperty('messageName');
  });

  it('makes a single message start event the initial start event of a process without a none start event (as Camunda 7)', async () => {
    const process = await parsedProcess(bareProcess('<bpmn:startEvent id="ByMessage"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>'));

    expect(process.startEventId).toBe('ByMessage');
  });

  it('has no initial start event when a process has only several message start events', async () => {
    const process = await parsedProcess(bareProcess(`
      <bpmn:startEvent id="ByPaid"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>
      <bpmn:startEvent id="ByOther"><bpmn:messageEventDefinition messageRef="Other" /></bpmn:startEvent>`, '<bpmn:message id="Other" name="other" />'));

    expect(process.startEventId).toBeNull();
  });
});

describe('message events the embedded engine refuses', () => {
  test.each<[construct: string, body: string, elementId: string, message: string]>([
    ['a message catch event without messageRef', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Intermediate catch event 'Catch_1' has no messageRef: the embedded engine needs a message (a root <bpmn:message> with a name) to correlate to it.`],
    ['a receive task without messageRef', '<bpmn:receiveTask id="Receive_1" />', 'Receive_1', `Receive task 'Receive_1' has no messageRef`],
    ['a message without a name', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:messageEventDefinition messageRef="Nameless" /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Intermediate catch event 'Catch_1' refers to message 'Nameless', which has no name; messages are correlated by name.`],
    ['a message name that is no valid expression', '<bpmn:receiveTask id="Receive_1" messageRef="BadName" />', 'Receive_1', `Invalid expression in the name of message 'BadName'`],
    ['two message start events of one process with the same message', `
      <bpmn:startEvent id="ByPaid"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>
      <bpmn:startEvent id="ByPaidAgain"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>`, 'ByPaidAgain',
    `Message start events 'ByPaid' and 'ByPaidAgain' of process 'Process_1' both wait for the message 'paid'`],
    ['a message boundary event', '<bpmn:task id="Task_1" /><bpmn:boundaryEvent id="Boundary_1" attachedToRef="Task_1"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:boundaryEvent>',
      'Boundary_1', `Message boundary event 'Boundary_1' is not supported yet by the embedded engine; ${REMOTE}.`],
    ['an event-based gateway with one way out', '<bpmn:eventBasedGateway id="Gateway_1" />', 'Gateway_1', `Event-based gateway 'Gateway_1' has 0 outgoing sequence flows; it needs at least two`],
    ['a message intermediate throw event with a connector', '<bpmn:intermediateThrowEvent id="Throw_1"><bpmn:messageEventDefinition messageRef="Message_1" camunda:type="connector" /></bpmn:intermediateThrowEvent>',
      'Throw_1', `Intermediate throw event 'Throw_1' has camunda:type="connector": the embedded engine supports only camunda:type="external"`],
    ['a message end event with a Java class', '<bpmn:endEvent id="End_1"><bpmn:messageEventDefinition id="Def_1" messageRef="Message_1" camunda:class="org.example.Send" /></bpmn:endEvent>',
      'Def_1', 'uses camunda:class: Java delegates are not supported'],
    ['a conditional catch event', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Conditional intermediate catch event 'Catch_1' is not supported yet`],
    ['a catch event with a message and a timer', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:messageEventDefinition messageRef="Message_1" /><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Multiple intermediate catch event 'Catch_1' is not supported yet`],
    ['a Java implementation on a message event definition', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:messageEventDefinition id="Def_1" messageRef="Message_1" camunda:class="a.B" /></bpmn:intermediateCatchEvent>',
      'Def_1', 'uses camunda:class: Java delegates are not supported'],
  ])('%s is refused, naming the element', async (_construct, body, elementId, message) => {
    const xml = processXml(body).replace('<bpmn:process', '<bpmn:message id="Nameless" /><bpmn:message id="BadName" name="${a +}" /><bpmn:process');

    const { errors, processes } = await parseBpmn(xml);

    const problem = errors.find((e) => e.message.includes(message));
    expect(problem).toMatchObject({ mainBpmnElementId: elementId, bpmnElementIds: expect.arrayContaining([elementId]) });
    expect(problem?.line).toBeGreaterThanOrEqual(8);
    expect(processes).toEqual([]);
  });

  it('reports an unresolved messageRef once, as an unknown reference', async () => {
    const { errors } = await parseBpmn(processXml('<bpmn:receiveTask id="Receive_1" messageRef="Missing" />'));

    expect(summary(errors)).toEqual([['Receive_1', `Receive task 'Receive_1' refers to 'Missing' in messageRef, but no element has this id.`]]);
  });
});
