import { parseBpmn } from '../../../../src/engine/model/index.js';
import { definitionsXml, processXml, summary } from './bpmn-text.js';

const timerCatch = (id: string, definition: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

/** A process whose start events are `starts` (XML). */
const startsXml = (starts: string) => definitionsXml(`<bpmn:process id="Process_1" isExecutable="true" camunda:historyTimeToLive="30">${starts}</bpmn:process>`);

describe('intermediate timer catch events', () => {
  test.each<[definition: string, type: string, source: string]>([
    ['<bpmn:timeDuration>PT10M</bpmn:timeDuration>', 'duration', 'PT10M'],
    ['<bpmn:timeDate>2026-03-01T08:00:00</bpmn:timeDate>', 'date', '2026-03-01T08:00:00'],
    ['<bpmn:timeDate>${acceptanceDue}</bpmn:timeDate>', 'date', '${acceptanceDue}'],
    ['<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>', 'cycle', 'R3/PT10M'],
    ['<bpmn:timeCycle>R/2026-03-01T08:00/P1D</bpmn:timeCycle>', 'cycle', 'R/2026-03-01T08:00/P1D'],
  ])('%s deploys as an intermediateTimer with a %s timer', async (definition, type, source) => {
    const { errors, processes } = await parseBpmn(processXml(timerCatch('Wait', definition)));

    expect(errors).toEqual([]);
    expect(processes[0]?.elements.get('Wait')).toMatchObject({
      kind: 'timerCatch', activityType: 'intermediateTimer', timer: { type, expression: expect.objectContaining({ source }) },
    });
  });

  test.each<[construct: string, definition: string, message: string]>([
    ['an invalid ISO duration', '<bpmn:timeDuration>10 minutes</bpmn:timeDuration>', `Invalid bpmn:timeDuration of intermediate catch event 'Wait': '10 minutes' is not an ISO 8601 duration`],
    ['an invalid ISO date', '<bpmn:timeDate>2026-13-01</bpmn:timeDate>', `Invalid bpmn:timeDate of intermediate catch event 'Wait': '2026-13-01' is not an ISO 8601 date`],
    ['an invalid cycle', '<bpmn:timeCycle>every day</bpmn:timeCycle>', 'is not an ISO 8601 repeating interval'],
    ['a cron cycle', '<bpmn:timeCycle>0 0 8 * * ?</bpmn:timeCycle>', 'cron cycles are not supported yet'],
    ['an invalid expression', '<bpmn:timeDuration>${wait +}</bpmn:timeDuration>', `Invalid expression in bpmn:timeDuration '\${wait +}'`],
    ['no time definition', '', `Intermediate catch event 'Wait' must have exactly one of bpmn:timeDuration, bpmn:timeDate and bpmn:timeCycle (it has none)`],
    ['two time definitions', '<bpmn:timeDuration>PT1M</bpmn:timeDuration><bpmn:timeDate>2026-03-01</bpmn:timeDate>', 'must have exactly one of'],
    ['an empty duration', '<bpmn:timeDuration> </bpmn:timeDuration>', `Intermediate catch event 'Wait' has an empty bpmn:timeDuration.`],
  ])('%s is refused at deploy, naming the event', async (_construct, definition, message) => {
    const { errors, processes } = await parseBpmn(processXml(timerCatch('Wait', definition)));

    expect(processes).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ mainBpmnElementId: 'Wait', message: expect.stringContaining(message) })]);
  });

  test('an input/output mapping on a timer catch event is refused', async () => {
    const { errors } = await parseBpmn(processXml(`<bpmn:intermediateCatchEvent id="Wait"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`));

    expect(summary(errors)).toEqual([['Wait', `camunda:inputOutput is not supported on intermediate catch event 'Wait'.`]]);
  });

  test('timer boundary events stay refused', async () => {
    const { errors } = await parseBpmn(processXml('<bpmn:task id="Task_1" /><bpmn:boundaryEvent id="Reminder" attachedToRef="Task_1"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'));

    expect(summary(errors)).toEqual([['Reminder', expect.stringContaining(`Timer boundary event 'Reminder' is not supported yet`)]]);
  });
});

describe('timer start events', () => {
  test('a process with only a timer start event deploys; the timer start event is its initial start event', async () => {
    const { errors, processes } = await parseBpmn(startsXml(
      '<bpmn:startEvent id="Nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/2026-03-01T02:00/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>'));

    expect(errors).toEqual([]);
    expect(processes[0]).toMatchObject({ startEventId: 'Nightly', timerStartEventIds: ['Nightly'] });
    expect(processes[0]?.elements.get('Nightly')).toMatchObject({
      kind: 'startEvent', activityType: 'startTimerEvent', timer: { type: 'cycle', expression: expect.objectContaining({ source: 'R/2026-03-01T02:00/P1D' }) },
    });
  });

  test('a timeDate start event deploys', async () => {
    const { errors, processes } = await parseBpmn(startsXml('<bpmn:startEvent id="Once"><bpmn:timerEventDefinition><bpmn:timeDate>2026-03-01T08:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>'));

    expect(errors).toEqual([]);
    expect(processes[0]?.timerStartEventIds).toEqual(['Once']);
  });

  test('a process without timer start events has none', async () => {
    const { processes } = await parseBpmn(processXml(''));

    expect(processes[0]).toMatchObject({ startEventId: 'Start', timerStartEventIds: [] });
  });

  test.each<[construct: string, starts: string, elementId: string, message: string]>([
    ['a none start event next to a timer start event (as Camunda 7)',
      '<bpmn:startEvent id="Start" /><bpmn:startEvent id="Nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
      'Process_1', 'multiple none start events or timer start events not supported on process definition'],
    ['two timer start events (as Camunda 7)',
      '<bpmn:startEvent id="A"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:startEvent id="B"><bpmn:timerEventDefinition><bpmn:timeDate>2026-03-01</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>',
      'Process_1', 'multiple none start events or timer start events not supported on process definition'],
    ['a timeDuration on a start event',
      '<bpmn:startEvent id="Later"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>',
      'Later', 'has bpmn:timeDuration: the embedded engine supports bpmn:timeDate or bpmn:timeCycle here.'],
    ['an invalid cycle on a start event',
      '<bpmn:startEvent id="Nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R0/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
      'Nightly', `Invalid bpmn:timeCycle of start event 'Nightly'`],
  ])('%s is refused', async (_construct, starts, elementId, message) => {
    const { errors, processes } = await parseBpmn(startsXml(starts));

    expect(processes).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ mainBpmnElementId: elementId, message: expect.stringContaining(message) })]);
  });
});
