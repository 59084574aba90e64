import { parseBpmn } from '../../../../src/engine/model/index.js';
import { definitionsXml, element, parsedProcess, processXml, summary } from './bpmn-text.js';

const REMOTE = 'deploy it to an Operaton/Camunda 7 engine instead';

/** A process (id `Process_1`, no implicit start event) with the given content; `Signal_1` is named `alarm`. */
const bareProcess = (content: string, signals = '') => definitionsXml(`${signals}
  <bpmn:process id="Process_1" isExecutable="true" camunda:historyTimeToLive="30">${content}</bpmn:process>`);

describe('signal catch and throw events', () => {
  it('reads an intermediate signal catch event as a signal catch waiting for the named signal', async () => {
    const process = await parsedProcess(processXml(
      '<bpmn:intermediateCatchEvent id="Catch_1" name="Alarm"><bpmn:signalEventDefinition id="Def_1" signalRef="Signal_1" /></bpmn:intermediateCatchEvent>'));

    expect(element(process, 'Catch_1')).toMatchObject({
      kind: 'signalCatch', activityType: 'intermediateSignalCatch', name: 'Alarm', isScope: false,
      signalName: expect.objectContaining({ source: 'alarm', isLiteral: true }),
    });
  });

  it('reads an intermediate signal throw event, including its input/output mapping', async () => {
    const process = await parsedProcess(processXml(`<bpmn:intermediateThrowEvent id="Throw_1">
      <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="local">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
      <bpmn:signalEventDefinition signalRef="Signal_1" />
    </bpmn:intermediateThrowEvent>`));

    expect(element(process, 'Throw_1')).toMatchObject({
      kind: 'signalThrow', activityType: 'intermediateSignalThrow', isScope: true, inputParameters: [expect.objectContaining({ name: 'local' })],
      signalName: expect.objectContaining({ source: 'alarm' }),
    });
  });

  it('reads a signal end event as an end event that broadcasts its signal', async () => {
    const process = await parsedProcess(processXml('<bpmn:endEvent id="End_1"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:endEvent>'));

    expect(element(process, 'End_1')).toMatchObject({
      kind: 'endEvent', activityType: 'signalEndEvent', terminate: false, signalName: expect.objectContaining({ source: 'alarm' }),
    });
  });

  it('keeps a signal name expression to evaluate when a token arrives', async () => {
    const process = await parsedProcess(bareProcess(`<bpmn:startEvent id="Start" />
      <bpmn:intermediateCatchEvent id="Catch_1"><bpmn:signalEventDefinition signalRef="Dynamic" /></bpmn:intermediateCatchEvent>`,
    '<bpmn:signal id="Dynamic" name="alarm-${region}" />'));

    const catchEvent = element(process, 'Catch_1');
    expect(catchEvent.kind === 'signalCatch' && catchEvent.signalName.isLiteral).toBe(false);
    expect(catchEvent.kind === 'signalCatch' && catchEvent.signalName.source).toBe('alarm-${region}');
  });

  it('accepts camunda:async="false" on a throwing signal definition (the default)', async () => {
    const process = await parsedProcess(processXml(
      '<bpmn:intermediateThrowEvent id="Throw_1"><bpmn:signalEventDefinition signalRef="Signal_1" camunda:async="false" /></bpmn:intermediateThrowEvent>'));

    expect(element(process, 'Throw_1').kind).toBe('signalThrow');
  });
});

describe('signal start events', () => {
  it('reads a signal start event next to the none start event, which stays the initial one', async () => {
    const process = await parsedProcess(processXml(
      '<bpmn:startEvent id="BySignal" camunda:initiator="starter"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>'));

    expect(process.startEventId).toBe('Start');
    expect(element(process, 'BySignal')).toMatchObject({
      kind: 'startEvent', activityType: 'signalStartEvent', initiator: 'starter', signalName: expect.objectContaining({ source: 'alarm' }),
    });
    expect(element(process, 'Start')).not.toHaveProperty('signalName');
  });

  it('makes a single signal start event the initial start event of a process without a none start event (as Camunda 7)', async () => {
    const process = await parsedProcess(bareProcess('<bpmn:startEvent id="BySignal"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>'));

    expect(process.startEventId).toBe('BySignal');
  });

  it('has no initial start event when a process has a signal and a message start event only', async () => {
    const process = await parsedProcess(bareProcess(`
      <bpmn:startEvent id="BySignal"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>
      <bpmn:startEvent id="ByMessage"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>`));

    expect(process.startEventId).toBeNull();
  });

  it('allows two signal start events of one process with different signals', async () => {
    const process = await parsedProcess(bareProcess(`
      <bpmn:startEvent id="ByAlarm"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>
      <bpmn:startEvent id="ByOther"><bpmn:signalEventDefinition signalRef="Other" /></bpmn:startEvent>`, '<bpmn:signal id="Other" name="other" />'));

    expect([...process.elements.values()].filter((e) => e.kind === 'startEvent').map((e) => e.activityType)).toEqual(['signalStartEvent', 'signalStartEvent']);
  });
});

describe('signal events the embedded engine refuses', () => {
  test.each<[construct: string, body: string, elementId: string, message: string]>([
    ['a signal catch event without signalRef', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Intermediate catch event 'Catch_1' has no signalRef: the embedded engine needs a signal (a root <bpmn:signal> with a name) to wait for.`],
    ['a signal throw event without signalRef', '<bpmn:intermediateThrowEvent id="Throw_1"><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>',
      'Throw_1', `Intermediate throw event 'Throw_1' has no signalRef: the embedded engine needs a signal (a root <bpmn:signal> with a name) to broadcast.`],
    ['a signal start event without signalRef', '<bpmn:startEvent id="SignalStart"><bpmn:signalEventDefinition /></bpmn:startEvent>', 'SignalStart',
      `Start event 'SignalStart' has no signalRef`],
    ['a signal end event without signalRef', '<bpmn:endEvent id="End_1"><bpmn:signalEventDefinition /></bpmn:endEvent>', 'End_1', `End event 'End_1' has no signalRef`],
    ['a signal without a name', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:signalEventDefinition signalRef="Nameless" /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Intermediate catch event 'Catch_1' refers to signal 'Nameless', which has no name; signals are broadcast by name.`],
    ['a signal name that is no valid expression', '<bpmn:endEvent id="End_1"><bpmn:signalEventDefinition signalRef="BadName" /></bpmn:endEvent>', 'End_1',
      `Invalid expression in the name of signal 'BadName'`],
    ['two signal start events of one process with the same signal', `
      <bpmn:startEvent id="ByAlarm"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>
      <bpmn:startEvent id="ByAlarmAgain"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>`, 'ByAlarmAgain',
    `Signal start events 'ByAlarm' and 'ByAlarmAgain' of process 'Process_1' both wait for the signal 'alarm'`],
    ['an asynchronous signal throw', '<bpmn:intermediateThrowEvent id="Throw_1"><bpmn:signalEventDefinition id="Def_1" signalRef="Signal_1" camunda:async="true" /></bpmn:intermediateThrowEvent>',
      'Def_1', 'uses camunda:async: asynchronous signal throws are not supported yet'],
    ['a signal payload (camunda:in)', `<bpmn:intermediateThrowEvent id="Throw_1"><bpmn:signalEventDefinition signalRef="Signal_1">
      <bpmn:extensionElements><camunda:in variables="all" /></bpmn:extensionElements></bpmn:signalEventDefinition></bpmn:intermediateThrowEvent>`,
    'Throw_1', `Intermediate throw event 'Throw_1' passes variables with the signal (camunda:in on its signal event definition): signal payloads are not supported yet`],
    ['a catch event with a signal and a timer', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:signalEventDefinition signalRef="Signal_1" /><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Multiple intermediate catch event 'Catch_1' is not supported yet`],
  ])('%s is refused, naming the element', async (_construct, body, elementId, message) => {
    const xml = processXml(body).replace('<bpmn:process', '<bpmn:signal id="Nameless" /><bpmn:signal id="BadName" name="${a +}" /><bpmn:process');

    const { errors, processes } = await parseBpmn(xml);

    const problem = errors.find((e) => e.message.includes(message));
    expect(problem).toMatchObject({ mainBpmnElementId: elementId, bpmnElementIds: expect.arrayContaining([elementId]) });
    expect(problem?.line).toBeGreaterThanOrEqual(8);
    expect(processes).toEqual([]);
  });

  it('refuses a signal boundary event on a plain task', async () => {
    const { errors } = await parseBpmn(processXml(
      '<bpmn:task id="Task_1" /><bpmn:boundaryEvent id="Boundary_1" attachedToRef="Task_1"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:boundaryEvent>'));

    expect(errors).toContainEqual(expect.objectContaining({ mainBpmnElementId: 'Boundary_1', message: expect.stringMatching(/ignal boundary event 'Boundary_1' is not supported/) }));
    expect(errors.find((e) => e.mainBpmnElementId === 'Boundary_1')?.message).toContain(REMOTE);
  });

  it('reports an unresolved signalRef once, as an unknown reference', async () => {
    const { errors } = await parseBpmn(processXml('<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:signalEventDefinition signalRef="Missing" /></bpmn:intermediateCatchEvent>'));

    expect(summary(errors)).toEqual([['Catch_1', expect.stringContaining(`refers to 'Missing' in signalRef, but no element has this id.`)]]);
  });

  it('does not add a missing-start-event error when the only start event is a refused signal start event', async () => {
    const { errors } = await parseBpmn(bareProcess('<bpmn:startEvent id="SignalStart"><bpmn:signalEventDefinition /></bpmn:startEvent>'));

    expect(summary(errors)).toEqual([['SignalStart', expect.stringContaining('has no signalRef')]]);
  });
});
