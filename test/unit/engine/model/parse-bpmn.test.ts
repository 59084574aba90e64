import { parseBpmn, type ProcessModel } from '../../../../src/engine/model/index.js';
import { fixture, processXml, summary } from './bpmn-text.js';

/** Matches a compiled expression by its source text. */
const expr = (source: string) => expect.objectContaining({ source, evaluate: expect.any(Function) });

const noIo = { inputParameters: [], outputParameters: [], isScope: false, properties: {}, documentation: null, defaultFlowId: null };

describe('parseBpmn of a model using every supported construct', () => {
  let process: ProcessModel;

  beforeAll(async () => {
    const parsed = await parseBpmn(fixture('valid-every-construct.bpmn'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.processes).toHaveLength(1);
    process = parsed.processes[0] as ProcessModel;
  });

  test('the process carries its Camunda attributes', () => {
    expect(process).toMatchObject({
      id: 'Permit',
      name: 'Permit application',
      documentation: 'Handles one permit application.',
      versionTag: '1.2',
      historyTimeToLive: 30,
      isStartableInTasklist: false,
      taskPriority: expr('${basePriority}'),
      startEventId: 'Start',
    });
  });

  test('elements and flows keep document order', () => {
    expect([...process.elements.keys()]).toEqual([
      'Start', 'Review', 'Decision', 'Fork', 'Notify', 'Archive', 'Join', 'Options', 'Score', 'Approve', 'Merge', 'Print',
      'HandOver', 'Issued', 'Done', 'Rejected',
    ]);
    expect([...process.flows.keys()]).toEqual([
      'Flow_1', 'Flow_2', 'Flow_approve', 'Flow_reject', 'Flow_3', 'Flow_4', 'Flow_5', 'Flow_6', 'Flow_7', 'Flow_8', 'Flow_9',
      'Flow_10', 'Flow_11', 'Flow_12', 'Flow_13', 'Flow_14', 'Flow_15',
    ]);
  });

  test('the start event has its form reference and initiator', () => {
    expect(process.elements.get('Start')).toEqual({
      ...noIo, kind: 'startEvent', id: 'Start', name: 'Application received', activityType: 'startEvent',
      incoming: [], outgoing: ['Flow_1'],
      formKey: null, formRef: { key: expr('apply'), binding: 'deployment', version: null }, initiator: 'applicant',
    });
  });

  test('a user task has its assignment, dates, priority, form key, mappings and properties', () => {
    expect(process.elements.get('Review')).toEqual({
      kind: 'userTask', id: 'Review', name: 'Review application', documentation: 'Check the documents.', activityType: 'userTask',
      incoming: ['Flow_1'], outgoing: ['Flow_2'], defaultFlowId: null,
      assignee: expr('${reviewer}'),
      candidateUsers: [expr('alice'), expr('${deputy}')],
      candidateGroups: [expr('clerks'), expr("${groups['a,b']}"), expr('supervisors')],
      dueDate: expr('${reviewDue}'),
      followUpDate: expr('2026-01-31T00:00:00'),
      priority: expr('${urgent ? 80 : 50}'),
      formKey: expr('embedded:app:forms/review.html'),
      formRef: null,
      isScope: true,
      inputParameters: [
        { name: 'applicantName', value: { kind: 'expression', expression: expr('${applicant.name}') } },
        { name: 'office', value: { kind: 'expression', expression: expr('Central office') } },
        { name: 'checks', value: { kind: 'list', items: [
          { kind: 'expression', expression: expr('identity') },
          { kind: 'expression', expression: expr('${extraCheck}') },
          { kind: 'null' },
        ] } },
        { name: 'limits', value: { kind: 'map', entries: [
          { key: 'days', value: { kind: 'expression', expression: expr('${days}') } },
          { key: 'levels', value: { kind: 'list', items: [{ kind: 'expression', expression: expr('1') }] } },
        ] } },
        { name: 'nothing', value: { kind: 'null' } },
      ],
      outputParameters: [{ name: 'decision', value: { kind: 'expression', expression: expr('${reviewDecision}') } }],
      properties: { sla: '2d', category: 'permit' },
    });
  });

  test('a user task may reference a fixed version of a Camunda Form', () => {
    expect(process.elements.get('Approve')).toMatchObject({
      kind: 'userTask', assignee: null, candidateUsers: [], candidateGroups: [expr('chiefs')],
      formKey: null, formRef: { key: expr('approve'), binding: 'version', version: expr('3') },
    });
  });

  test('service, send and business rule tasks with camunda:type="external" are external tasks', () => {
    expect(process.elements.get('Notify')).toEqual({
      ...noIo, kind: 'externalTask', id: 'Notify', name: 'Notify applicant', activityType: 'serviceTask',
      incoming: ['Flow_3'], outgoing: ['Flow_5'], topic: expr('permit-notify'), priority: expr('${priority}'),
    });
    expect(process.elements.get('Archive')).toMatchObject({ kind: 'externalTask', activityType: 'sendTask', topic: expr('${archiveTopic}'), priority: null });
    expect(process.elements.get('Score')).toMatchObject({ kind: 'externalTask', activityType: 'businessRuleTask', topic: expr('permit-score') });
  });

  test('gateways keep their default flows, and conditions stay on their flows', () => {
    expect(process.elements.get('Decision')).toEqual({
      ...noIo, kind: 'exclusiveGateway', id: 'Decision', name: 'Approved?', activityType: 'exclusiveGateway',
      incoming: ['Flow_2'], outgoing: ['Flow_approve', 'Flow_reject'], defaultFlowId: 'Flow_reject',
    });
    expect(process.elements.get('Fork')).toMatchObject({ kind: 'parallelGateway', outgoing: ['Flow_3', 'Flow_4'] });
    expect(process.elements.get('Join')).toMatchObject({ kind: 'parallelGateway', incoming: ['Flow_5', 'Flow_6'] });
    expect(process.elements.get('Options')).toMatchObject({ kind: 'inclusiveGateway', defaultFlowId: 'Flow_9' });
    expect(process.flows.get('Flow_approve')).toEqual({
      id: 'Flow_approve', name: 'yes', sourceId: 'Decision', targetId: 'Fork', condition: expr("${reviewDecision == 'approve'}"),
    });
    expect(process.flows.get('Flow_reject')).toEqual({ id: 'Flow_reject', name: 'no', sourceId: 'Decision', targetId: 'Rejected', condition: null });
  });

  test('tasks, manual tasks and none intermediate throw events pass the token on', () => {
    expect(process.elements.get('Print')).toMatchObject({
      kind: 'passThrough', activityType: 'task', isScope: true,
      outputParameters: [{ name: 'printed', value: { kind: 'expression', expression: expr('${true}') } }],
    });
    expect(process.elements.get('HandOver')).toMatchObject({ kind: 'passThrough', activityType: 'manualTask', name: 'Hand over' });
    expect(process.elements.get('Issued')).toMatchObject({ kind: 'passThrough', activityType: 'intermediateNoneThrowEvent' });
  });

  test('end events are none or terminate', () => {
    expect(process.elements.get('Done')).toEqual({
      ...noIo, kind: 'endEvent', id: 'Done', name: null, activityType: 'noneEndEvent', incoming: ['Flow_15'], outgoing: [], terminate: false,
    });
    expect(process.elements.get('Rejected')).toMatchObject({ kind: 'endEvent', activityType: 'terminateEndEvent', terminate: true });
  });
});

describe('parseBpmn warnings', () => {
  test('conditions the engine ignores, unenforced starter groups and a missing history time to live are warnings', async () => {
    const xml = processXml(`<bpmn:parallelGateway id="Fork" />
    <bpmn:exclusiveGateway id="Choice" default="Otherwise" />
    <bpmn:task id="A" /><bpmn:task id="B" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Fork" />
    <bpmn:sequenceFlow id="ToA" sourceRef="Fork" targetRef="A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="ToChoice" sourceRef="Fork" targetRef="Choice" />
    <bpmn:sequenceFlow id="Otherwise" sourceRef="Choice" targetRef="B"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${y}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    'camunda:candidateStarterGroups="chiefs"');

    const { errors, warnings, processes } = await parseBpmn(xml);

    expect(errors).toEqual([]);
    expect(processes).toHaveLength(1);
    expect(summary(warnings)).toEqual([
      ['Process_1', "camunda:candidateStarterGroups of process 'Process_1' is not enforced by the embedded engine: whoever may start processes can start this one."],
      ['Fork', "The condition of sequence flow 'ToA' leaving parallel gateway 'Fork' is ignored, as in Camunda 7."],
      ['Choice', "The condition of default flow 'Otherwise' of 'Choice' is ignored, as in Camunda 7."],
      ['Process_1', "Process 'Process_1' has no camunda:historyTimeToLive; Camunda 7.20+ and Operaton refuse such deployments unless their engine is configured otherwise."],
    ]);
    expect(warnings[1]?.bpmnElementIds).toEqual(['Fork', 'ToA']);
  });

  test('a literal condition, which can never be a boolean, is a warning', async () => {
    const { errors, warnings } = await parseBpmn(processXml(`<bpmn:task id="A" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">true</bpmn:conditionExpression></bpmn:sequenceFlow>`));

    expect(errors).toEqual([]);
    expect(summary(warnings)).toEqual([['F1', expect.stringContaining("The condition of sequence flow 'F1' is the literal text 'true'")]]);
  });

  test('tool attributes and extension elements of foreign namespaces are accepted; foreign extension elements are named in a warning', async () => {
    const xml = processXml(`<bpmn:task id="A" modeler:color="red" xmlns:modeler="http://camunda.org/schema/modeler/1.0">
      <bpmn:extensionElements><tool:hint xmlns:tool="urn:example:tool">fast</tool:hint></bpmn:extensionElements>
    </bpmn:task>`);

    const { errors, warnings } = await parseBpmn(xml);

    expect(errors).toEqual([]);
    expect(summary(warnings)).toEqual([['A', "Extension element <tool:hint> on task 'A' is ignored by the engine."]]);
  });

  test('a non-executable process is skipped with a warning, as Camunda skips it', async () => {
    const { processes, errors, warnings } = await parseBpmn(fixture('valid-non-executable.bpmn'));

    expect(processes).toEqual([]);
    expect(errors).toEqual([]);
    expect(summary(warnings)).toEqual([
      ['Sketch', `Process 'Sketch' is not executable (isExecutable is not "true"), so it is not deployed, as in Camunda 7.`],
      [null, 'The resource contains no executable process: nothing of it is deployed.'],
    ]);
    expect(warnings[0]).toMatchObject({ line: 3, column: 3 });
  });
});

describe('parseBpmn errors', () => {
  test('every problem of a resource is reported, each on its element with line and column', async () => {
    const { processes, errors, warnings } = await parseBpmn(fixture('invalid-several-problems.bpmn'));

    expect(processes).toEqual([]);
    expect(errors.map((e) => [e.mainBpmnElementId, e.line, e.column])).toEqual([
      ['Flow_2', 12, 55],
      ['Verify', 5, 32],
      ['Verify', 5, 56],
      ['Score', 6, 5],
      ['Notify', 7, 35],
      ['Reminder', 8, 5],
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      "Sequence flow 'Flow_2' refers to 'Archive' in targetRef, but no element has this id.",
      expect.stringContaining("User task 'Verify' uses camunda:jobPriority: job priorities are not supported yet"),
      expect.stringContaining("Invalid expression in camunda:candidateGroups '${region +}': "),
      expect.stringContaining("Script task 'Score' is not supported by the embedded engine"),
      expect.stringContaining("Service task 'Notify' uses camunda:class: Java delegates are not supported"),
      expect.stringContaining("Boundary event 'Reminder' must have exactly one of bpmn:timeDuration, bpmn:timeDate and bpmn:timeCycle"),
    ]);
    expect(summary(warnings)).toEqual([['Tips', expect.stringContaining('has no camunda:historyTimeToLive')]]);
  });

  test('XML that is not well-formed gives one error with its line and column', async () => {
    const { processes, errors, warnings } = await parseBpmn(fixture('invalid-malformed.bpmn'));

    expect(processes).toEqual([]);
    expect(warnings).toEqual([]);
    expect(errors).toEqual([{
      message: 'The resource is not well-formed XML: closing tag mismatch (line 5, column 3).',
      line: 5, column: 3, mainBpmnElementId: null, bpmnElementIds: [],
    }]);
  });

  test('a document that is not BPMN gives one error', async () => {
    const { errors } = await parseBpmn(fixture('invalid-not-bpmn.bpmn'));

    expect(errors).toEqual([expect.objectContaining({
      message: 'The resource is not a BPMN 2.0 document: the root element is <form>, expected <definitions> in the namespace http://www.omg.org/spec/BPMN/20100524/MODEL.',
      line: 2, column: 1,
    })]);
  });

  test.each([
    ['an empty text', ''],
    ['plain text', 'hello'],
    ['a truncated document', fixture('valid-loop.bpmn').slice(0, 400)],
    ['an attribute value without quotes', processXml('<bpmn:task id=T1 />')],
  ])('%s gives one error and no exception', async (_case, xml) => {
    const { processes, errors } = await parseBpmn(xml);

    expect(processes).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^The resource is not (well-formed XML|a BPMN 2\.0 document)/);
  });

  test('a reference to an unknown id is an error on the referring element', async () => {
    const { errors } = await parseBpmn(processXml('<bpmn:task id="A" default="Missing" />'));

    expect(summary(errors)).toEqual([['A', "Task 'A' refers to 'Missing' in default, but no element has this id."]]);
  });
});

describe('parseBpmn of elements without id', () => {
  test('a flow element without id is an error on its process', async () => {
    const { errors } = await parseBpmn(processXml('<bpmn:task name="Anonymous" />'));

    expect(summary(errors)).toEqual([['Process_1', "An element <bpmn:task> of process 'Process_1' has no id."]]);
  });
});
