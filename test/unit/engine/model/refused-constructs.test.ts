import { parseBpmn } from '../../../../src/engine/model/index.js';
import { processXml } from './bpmn-text.js';

const IO_MAPPING = '<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>';
const REMOTE = 'deploy it to an Operaton/Camunda 7 engine instead';

describe('a construct the embedded engine cannot run faithfully', () => {
  test.each<[construct: string, body: string, elementId: string, message: string]>([
    // elements
    ['a script task', '<bpmn:scriptTask id="Script_1" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>', 'Script_1',
      `Script task 'Script_1' is not supported by the embedded engine (no sandboxed script engine); ${REMOTE}.`],
    ['an event sub-process with a conditional start event', '<bpmn:subProcess id="EventSub_1" triggeredByEvent="true"><bpmn:startEvent id="S2"><bpmn:conditionalEventDefinition /></bpmn:startEvent></bpmn:subProcess>',
      'S2', `Conditional start event 'S2' is not supported yet`],
    ['a transaction sub-process', '<bpmn:transaction id="Tx_1" />', 'Tx_1', `Transaction sub-process 'Tx_1' is not supported by the embedded engine (no compensation)`],
    ['an ad-hoc sub-process', '<bpmn:adHocSubProcess id="AdHoc_1" />', 'AdHoc_1', `Ad-hoc sub-process 'AdHoc_1' is not supported`],
    ['a call activity of a case', '<bpmn:callActivity id="Call_1" camunda:caseRef="other" />', 'Call_1', `Attribute camunda:caseRef="other" on call activity 'Call_1' is not supported`],
    ['a receive task without a message', '<bpmn:receiveTask id="Receive_1" />', 'Receive_1', `Receive task 'Receive_1' has no messageRef`],
    ['a boundary event', '<bpmn:task id="Task_1" /><bpmn:boundaryEvent id="Boundary_1" attachedToRef="Task_1"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>',
      'Boundary_1', `Timer boundary event 'Boundary_1' is not supported yet`],
    ['an intermediate catch event', '<bpmn:intermediateCatchEvent id="Catch_1"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>',
      'Catch_1', `Conditional intermediate catch event 'Catch_1' is not supported yet`],
    ['an intermediate throw event with an event definition', '<bpmn:intermediateThrowEvent id="Throw_1"><bpmn:escalationEventDefinition escalationRef="Escalation_1" /></bpmn:intermediateThrowEvent>',
      'Throw_1', `Escalation intermediate throw event 'Throw_1' is not supported yet`],
    ['an instantiating event-based gateway', '<bpmn:eventBasedGateway id="EventGateway_1" instantiate="true" />', 'EventGateway_1', 'is an instantiating or parallel event-based gateway'],
    ['a complex gateway', '<bpmn:complexGateway id="Complex_1" />', 'Complex_1', `Complex gateway 'Complex_1' is not supported`],
    ['a data object', '<bpmn:dataObject id="DataObject_1" />', 'DataObject_1', `Data object 'DataObject_1' is not supported`],
    ['a data store reference', '<bpmn:dataStoreReference id="Store_1" />', 'Store_1', `Data store reference 'Store_1' is not supported`],
    ['a data association', '<bpmn:dataObjectReference id="Ref_1" /><bpmn:task id="Data_1"><bpmn:dataOutputAssociation id="DOA_1"><bpmn:targetRef>Ref_1</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:task>',
      'Data_1', `Task 'Data_1' has bpmn:dataOutputAssociation: data inputs/outputs and data associations are not supported`],
    ['an element unknown to BPMN', '<bpmn:bogusTask id="Bogus_1" />', 'Bogus_1', `Element <bpmn:bogusTask> 'Bogus_1' in process 'Process_1' is not part of BPMN 2.0`],
    ['an unknown Camunda extension element', '<bpmn:task id="Ext_1"><bpmn:extensionElements><camunda:unknownThing /></bpmn:extensionElements></bpmn:task>', 'Ext_1',
      `Element <camunda:unknownThing> in task 'Ext_1' is not part of BPMN 2.0 or of the Camunda 7 extensions`],
    ['text where BPMN allows none', '<bpmn:task id="Text_1">loose text</bpmn:task>', 'Text_1', `Text in task 'Text_1' is not allowed there`],
    // events
    ['a timer start event with a duration', '<bpmn:startEvent id="TimerStart"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>', 'TimerStart',
      `Start event 'TimerStart' has bpmn:timeDuration: the embedded engine supports bpmn:timeDate or bpmn:timeCycle here.`],
    ['a message start event without a message', '<bpmn:startEvent id="MessageStart"><bpmn:messageEventDefinition /></bpmn:startEvent>', 'MessageStart',
      `Start event 'MessageStart' has no messageRef`],
    ['a compensation handler', '<bpmn:task id="Compensation_1" isForCompensation="true" />', 'Compensation_1', 'compensation is not supported'],
    // loops
    ['multi-instance without a number of instances', '<bpmn:userTask id="Multi_1"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>', 'Multi_1',
      `User task 'Multi_1' is a multi-instance activity without bpmn:loopCardinality or camunda:collection`],
    ['a multi-instance event sub-process', '<bpmn:subProcess id="Multi_2" triggeredByEvent="true"><bpmn:multiInstanceLoopCharacteristics camunda:collection="${items}" /><bpmn:startEvent id="S9"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>', 'Multi_2',
      'is an event sub-process with multi-instance loop characteristics'],
    ['a standard loop', '<bpmn:task id="Loop_1"><bpmn:standardLoopCharacteristics /></bpmn:task>', 'Loop_1', 'loops are not supported'],
    // implementations
    ['a Java delegate class', '<bpmn:serviceTask id="Java_1" camunda:class="org.example.Delegate" />', 'Java_1',
      `Service task 'Java_1' uses camunda:class: Java delegates are not supported by the embedded engine`],
    ['a delegate expression', '<bpmn:sendTask id="Java_2" camunda:delegateExpression="${sender}" />', 'Java_2', 'uses camunda:delegateExpression: Java delegates are not supported'],
    ['a service-task expression', '<bpmn:serviceTask id="Java_3" camunda:expression="${bean.run()}" />', 'Java_3', 'uses camunda:expression: Java delegates are not supported'],
    ['a service task without implementation', '<bpmn:serviceTask id="Plain_1" />', 'Plain_1', `Service task 'Plain_1' has no implementation`],
    ['an implementation type other than external', '<bpmn:serviceTask id="Type_1" camunda:type="webservice" />', 'Type_1', 'supports only camunda:type="external"'],
    ['an external task without topic', '<bpmn:serviceTask id="NoTopic_1" camunda:type="external" />', 'NoTopic_1', 'has camunda:type="external" but no camunda:topic'],
    ['a connector', '<bpmn:serviceTask id="Connector_1"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>',
      'Connector_1', 'connectors are not supported'],
    ['a DMN business rule task', '<bpmn:businessRuleTask id="Dmn_1" camunda:decisionRef="risk" />', 'Dmn_1', 'DMN decisions are not supported'],
    ['field injection', '<bpmn:serviceTask id="Field_1" camunda:type="external" camunda:topic="t"><bpmn:extensionElements><camunda:field name="x" stringValue="y" /></bpmn:extensionElements></bpmn:serviceTask>',
      'Field_1', 'has camunda:field: field injection into Java delegates is not supported'],
    ['a camunda:errorEventDefinition', '<bpmn:serviceTask id="ErrorDef_1" camunda:type="external" camunda:topic="t"><bpmn:extensionElements><camunda:errorEventDefinition id="E" errorRef="Error_1" expression="${true}" /></bpmn:extensionElements></bpmn:serviceTask>',
      'ErrorDef_1', 'error events on external tasks are not supported yet'],
    // asynchronous continuations
    ['camunda:asyncBefore on a boundary event', '<bpmn:userTask id="T" /><bpmn:boundaryEvent id="Async_1" attachedToRef="T" camunda:asyncBefore="true"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>', 'Async_1',
      `Boundary event 'Async_1' is asynchronous: asynchronous continuations on boundary events and event sub-process start events are not supported yet`],
    ['camunda:asyncAfter on an end event', '<bpmn:endEvent id="Async_2" camunda:asyncAfter="true" />', 'Async_2', 'nothing follows an end event'],
    ['camunda:jobPriority', '<bpmn:task id="Async_4" camunda:jobPriority="5" />', 'Async_4', 'uses camunda:jobPriority: job priorities are not supported yet'],
    ['camunda:failedJobRetryTimeCycle', '<bpmn:task id="Retry_1"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:task>',
      'Retry_1', 'has camunda:failedJobRetryTimeCycle'],
    // listeners, forms, assignments, variable mappings
    ['an execution listener', '<bpmn:task id="Listener_1"><bpmn:extensionElements><camunda:executionListener class="a.B" event="start" /></bpmn:extensionElements></bpmn:task>',
      'Listener_1', `Execution listener (camunda:executionListener, event 'start') on task 'Listener_1' is not supported`],
    ['a task listener', '<bpmn:userTask id="Listener_2"><bpmn:extensionElements><camunda:taskListener delegateExpression="${l}" event="create" /></bpmn:extensionElements></bpmn:userTask>',
      'Listener_2', 'Task listener (camunda:taskListener'],
    ['a form handler class', '<bpmn:userTask id="Form_1" camunda:formHandlerClass="a.Handler" />', 'Form_1', 'Java form handlers are not supported'],
    ['a generated task form', '<bpmn:userTask id="Form_2"><bpmn:extensionElements><camunda:formData><camunda:formField id="f" type="string" /></camunda:formData></bpmn:extensionElements></bpmn:userTask>',
      'Form_2', `User task 'Form_2' has camunda:formData: generated task forms are not supported`],
    ['a BPMN potential owner', '<bpmn:userTask id="Owner_1"><bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>user(kermit)</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner></bpmn:userTask>',
      'Owner_1', 'use camunda:assignee, camunda:candidateUsers and camunda:candidateGroups instead'],
    ['a camunda:in variable mapping', '<bpmn:task id="InOut_1"><bpmn:extensionElements><camunda:in source="a" target="b" /></bpmn:extensionElements></bpmn:task>',
      'InOut_1', 'has camunda:in: variable mappings (camunda:in) belong on call activities'],
    // input/output mappings
    ['an input/output mapping on a start event', `<bpmn:startEvent id="IoStart">${IO_MAPPING}</bpmn:startEvent>`, 'IoStart',
      `camunda:inputOutput is not supported on start event 'IoStart'.`],
    ['an input/output mapping on a gateway', `<bpmn:exclusiveGateway id="IoGateway">${IO_MAPPING}</bpmn:exclusiveGateway>`, 'IoGateway',
      `camunda:inputOutput is not supported on exclusive gateway 'IoGateway'.`],
    ['an input/output mapping on an end event', `<bpmn:endEvent id="IoEnd">${IO_MAPPING}</bpmn:endEvent>`, 'IoEnd',
      `camunda:inputOutput is not supported on end event 'IoEnd'.`],
    ['a script in an input/output mapping', '<bpmn:task id="Io_1"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>',
      'Io_1', `The input parameter 'a' of task 'Io_1' is a script (camunda:script): scripts are not supported`],
    // sequence flows and conditions
    ['a script condition', '<bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="T1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>',
      'Flow_1', `Sequence flow 'Flow_1' has a script condition (language="javascript"): script conditions are not supported`],
    ['a condition loaded from a resource', '<bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="T1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" camunda:resource="c.js" /></bpmn:sequenceFlow>',
      'Flow_1', 'loads its condition from a resource (camunda:resource)'],
    ['an empty condition', '<bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="T1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"> </bpmn:conditionExpression></bpmn:sequenceFlow>',
      'Flow_1', `Sequence flow 'Flow_1' has an empty condition expression.`],
    ['a flow to an unknown element', '<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Nowhere" />', 'Flow_1',
      `Sequence flow 'Flow_1' refers to 'Nowhere' in targetRef, but no element has this id.`],
    ['a flow to an element that is not a flow node', '<bpmn:dataObjectReference id="Ref_1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Ref_1" />', 'Flow_1',
      `The targetRef 'Ref_1' of sequence flow 'Flow_1' is not a flow node of process 'Process_1'.`],
    ['a default flow that leaves another element', '<bpmn:exclusiveGateway id="Gateway_1" default="Flow_1" /><bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="T1" />',
      'Gateway_1', `The default flow 'Flow_1' of 'Gateway_1' is not one of its outgoing sequence flows.`],
    ['a default flow on a parallel gateway', '<bpmn:parallelGateway id="Gateway_1" default="Flow_1" /><bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Gateway_1" targetRef="T1" />',
      'Gateway_1', `Attribute default is not supported on parallel gateway 'Gateway_1'`],
    ['a flow into the start event', '<bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="T1" targetRef="Start" />', 'Start',
      `Start event 'Start' has incoming sequence flows`],
    ['a flow out of an end event', '<bpmn:endEvent id="End" /><bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="End" targetRef="T1" />', 'End',
      `End event 'End' has outgoing sequence flows`],
    // attributes and expressions
    ['an unknown Camunda attribute', '<bpmn:task id="Unknown_1" camunda:bogus="1" />', 'Unknown_1', `Attribute camunda:bogus is not supported on task 'Unknown_1'`],
    ['a Camunda attribute on the wrong element', '<bpmn:serviceTask id="Wrong_1" camunda:type="external" camunda:topic="t" camunda:assignee="demo" />', 'Wrong_1',
      `Attribute camunda:assignee is not supported on service task 'Wrong_1'`],
    ['an invalid assignee expression', '<bpmn:userTask id="Expr_1" camunda:assignee="${a +}" />', 'Expr_1', `Invalid expression in camunda:assignee '\${a +}': `],
    ['an invalid candidate group expression', '<bpmn:userTask id="Expr_2" camunda:candidateGroups="clerks, ${a ==}" />', 'Expr_2', `Invalid expression in camunda:candidateGroups '\${a ==}': `],
    ['an invalid topic expression', '<bpmn:serviceTask id="Expr_3" camunda:type="external" camunda:topic="${}" />', 'Expr_3', `Invalid expression in camunda:topic '\${}': `],
    ['an invalid parameter expression', '<bpmn:task id="Expr_4"><bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name="out">${(}</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>',
      'Expr_4', `Invalid expression in output parameter 'out' '\${(}': `],
    ['an invalid condition expression', '<bpmn:task id="T1" /><bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="T1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${a &amp;&amp;}</bpmn:conditionExpression></bpmn:sequenceFlow>',
      'Flow_1', `Invalid expression in bpmn:conditionExpression '\${a &&}': `],
    ['an unknown form binding', '<bpmn:userTask id="Form_3" camunda:formRef="f" camunda:formRefBinding="newest" />', 'Form_3',
      `camunda:formRefBinding="newest" of user task 'Form_3' must be latest, deployment or version.`],
    ['a version binding without version', '<bpmn:userTask id="Form_4" camunda:formRef="f" camunda:formRefBinding="version" />', 'Form_4',
      `User task 'Form_4' has camunda:formRefBinding="version" but no camunda:formRefVersion.`],
    ['a form key next to a form reference', '<bpmn:userTask id="Form_5" camunda:formKey="k" camunda:formRef="f" />', 'Form_5', 'has both camunda:formKey and camunda:formRef'],
    ['a duplicate element id', '<bpmn:task id="Twice" />\n<bpmn:task id="Twice" />', 'Twice', `Duplicate id 'Twice'`],
  ])('%s is refused, naming the element', async (_construct, body, elementId, message) => {
    const { errors, processes } = await parseBpmn(processXml(body));

    const problem = errors.find((e) => e.message.includes(message));
    expect(problem).toMatchObject({ mainBpmnElementId: elementId, bpmnElementIds: expect.arrayContaining([elementId]) });
    expect(problem?.line).toBeGreaterThanOrEqual(8);
    expect(problem?.column).toBeGreaterThan(0);
    expect(processes).toEqual([]);
  });

  test('a refused element gets one problem, not one per attribute it carries', async () => {
    const { errors } = await parseBpmn(processXml(
      '<bpmn:scriptTask id="Script_1" camunda:asyncBefore="true" camunda:resultVariable="r" /><bpmn:callActivity id="Call_1" />'));

    expect(errors.map((e) => e.mainBpmnElementId)).toEqual(['Script_1', 'Call_1']);
  });
});

describe('process-level rules', () => {
  test.each<[rule: string, processContent: string, elementId: string, message: string]>([
    ['a process needs a none start event', '<bpmn:task id="T1" />', 'Process_1', `Process 'Process_1' has no none start event`],
    ['a process may have only one none start event', '<bpmn:startEvent id="Start" /><bpmn:startEvent id="Start_2" />', 'Process_1',
      `Process 'Process_1' has 2 none start events ('Start', 'Start_2'); the embedded engine needs exactly one.`],
    ['the history time to live is a number of days', '<bpmn:startEvent id="Start" />', 'Process_1', 'camunda:historyTimeToLive="P1M" of process \'Process_1\' is neither'],
    ['asynchronous job priorities are not supported', '<bpmn:startEvent id="Start" />', 'Process_1', `Process 'Process_1' uses camunda:jobPriority`],
    ['process execution listeners are not supported', '<bpmn:extensionElements><camunda:executionListener event="end" expression="${x}" /></bpmn:extensionElements><bpmn:startEvent id="Start" />',
      'Process_1', `Execution listener (camunda:executionListener, event 'end') on process 'Process_1' is not supported`],
  ])('%s', async (rule, processContent, elementId, message) => {
    const attributes = rule.includes('history') ? 'camunda:historyTimeToLive="P1M"'
      : rule.includes('job') ? 'camunda:historyTimeToLive="1" camunda:jobPriority="3"' : 'camunda:historyTimeToLive="1"';
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:x">
  <bpmn:process id="Process_1" isExecutable="true" ${attributes}>${processContent}</bpmn:process>
</bpmn:definitions>`;

    const { errors } = await parseBpmn(xml);

    expect(errors).toEqual([expect.objectContaining({ mainBpmnElementId: elementId, line: 3, message: expect.stringContaining(message) })]);
  });
});
