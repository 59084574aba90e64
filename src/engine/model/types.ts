import type { ParseProblem } from '../errors.js';
import type { CompiledExpression } from '../expression/index.js';

/** The value of an input/output parameter, as written in `camunda:inputOutput`. */
export type ParameterValue =
  | { kind: 'expression'; expression: CompiledExpression }   // text content (literal text is a literal expression)
  | { kind: 'list'; items: ParameterValue[] }                 // camunda:list
  | { kind: 'map'; entries: Array<{ key: string; value: ParameterValue }> }  // camunda:map / camunda:entry
  | { kind: 'null' };                                        // empty parameter

/** One `camunda:inputParameter` or `camunda:outputParameter`. */
export interface ParameterModel { name: string; value: ParameterValue }

/** A sequence flow; `condition` is null for unconditional flows. */
export interface SequenceFlowModel { id: string; name: string | null; sourceId: string; targetId: string; condition: CompiledExpression | null }

/** How the runtime executes a flow element. */
export type ElementKind = 'startEvent' | 'endEvent' | 'userTask' | 'externalTask' | 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'passThrough' | 'timerCatch' | 'messageCatch';

interface ElementBase {
  id: string; name: string | null; documentation: string | null;
  /** Camunda's activityType string used in activity instances and history: 'startEvent', 'noneEndEvent', 'terminateEndEvent', 'userTask', 'serviceTask', 'sendTask', 'businessRuleTask', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'task', 'manualTask', 'intermediateNoneThrowEvent'. */
  activityType: string;
  incoming: string[];   // sequence flow ids, document order
  outgoing: string[];   // sequence flow ids, document order
  defaultFlowId: string | null;   // `default` attribute (gateways and activities)
  inputParameters: ParameterModel[]; outputParameters: ParameterModel[];
  /** true when the element has camunda:inputOutput (Camunda makes such activities scopes). */
  isScope: boolean;
  /** camunda:properties (extension properties) as name → value. */
  properties: Record<string, string>;
}

/** A start event of a process: the none start event, or a timer start event (`timer` set, activityType `startTimerEvent`). */
export interface StartEventModel extends ElementBase { kind: 'startEvent'; formKey: CompiledExpression | null; formRef: FormRefModel | null; initiator: string | null /* camunda:initiator */; timer?: TimerModel; messageName?: CompiledExpression /* message start event (activityType `messageStartEvent`) */ }
/** The `bpmn:timerEventDefinition` of a timer event: one of timeDuration, timeDate, timeCycle, compiled at deploy. */
export interface TimerModel { type: 'duration' | 'date' | 'cycle'; expression: CompiledExpression }
/** An intermediate timer catch event (activityType `intermediateTimer`): the token waits until the timer fires. */
export interface TimerCatchModel extends ElementBase { kind: 'timerCatch'; timer: TimerModel }
/**
 * An intermediate message catch event (activityType `intermediateMessageCatch`) or a receive task (`receiveTask`): the
 * token waits in an event subscription named by `messageName` (evaluated when the token arrives) until a message is
 * correlated to it.
 */
export interface MessageCatchModel extends ElementBase { kind: 'messageCatch'; messageName: CompiledExpression }
/** A none or terminate end event. */
export interface EndEventModel extends ElementBase { kind: 'endEvent'; terminate: boolean }
/** A Camunda Form reference (`camunda:formRef`, `camunda:formRefBinding`, `camunda:formRefVersion`). */
export interface FormRefModel { key: CompiledExpression; binding: 'latest' | 'deployment' | 'version'; version: CompiledExpression | null }
/** A user task with its Camunda assignment, date, priority and form attributes. */
export interface UserTaskModel extends ElementBase { kind: 'userTask'; assignee: CompiledExpression | null; candidateUsers: CompiledExpression[]; candidateGroups: CompiledExpression[]; dueDate: CompiledExpression | null; followUpDate: CompiledExpression | null; priority: CompiledExpression | null; formKey: CompiledExpression | null; formRef: FormRefModel | null }
/** A service, send or business-rule task with `camunda:type="external"`. */
export interface ExternalTaskModel extends ElementBase { kind: 'externalTask'; topic: CompiledExpression; priority: CompiledExpression | null /* camunda:taskPriority */ }
/** An exclusive, parallel or inclusive gateway. */
export interface GatewayModel extends ElementBase { kind: 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' }
/** An element that only passes the token on. */
export interface PassThroughModel extends ElementBase { kind: 'passThrough' }  // bpmn:task, bpmn:manualTask, none intermediateThrowEvent
/** Every flow element the embedded engine executes. */
export type FlowElementModel = StartEventModel | EndEventModel | UserTaskModel | ExternalTaskModel | GatewayModel | PassThroughModel | TimerCatchModel | MessageCatchModel;

/** One executable process of a BPMN resource. */
export interface ProcessModel {
  id: string; name: string | null; documentation: string | null;
  versionTag: string | null; historyTimeToLive: number | null /* days */; isStartableInTasklist: boolean;
  /** camunda:taskPriority on the process: default external-task priority. */ taskPriority: CompiledExpression | null;
  startEventId: string | null;   // the initial start event (Camunda's selectInitial: the one none or timer start event); null when there is none
  /** The timer start events (each gets a job while the definition is the latest version). */ timerStartEventIds: string[];
  elements: Map<string, FlowElementModel>;
  flows: Map<string, SequenceFlowModel>;
}

/** The outcome of parsing one BPMN resource: it may be deployed only when `errors` is empty. */
export interface ParsedBpmn { processes: ProcessModel[]; errors: ParseProblem[]; warnings: ParseProblem[] }
