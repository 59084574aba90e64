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
export type ElementKind = FlowElementModel['kind'];

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
  /** `bpmn:multiInstanceLoopCharacteristics`: the activity runs as the inner activity of its `multiInstanceBody`. */
  loop?: LoopModel;
  /** `camunda:asyncBefore` / `camunda:asyncAfter`: the engine commits before entering / after leaving, then a job continues. */
  asyncBefore?: boolean;
  asyncAfter?: boolean;
}

/**
 * A multi-instance activity's loop: the number of instances is `loopCardinality`, else the size of `camunda:collection`
 * (as Camunda 7); `camunda:elementVariable` is set per instance from the collection; `completionCondition` is checked
 * after each instance completes.
 */
export interface LoopModel {
  sequential: boolean;
  cardinality: CompiledExpression | null;
  collection: CompiledExpression | null;
  elementVariable: string | null;
  completionCondition: CompiledExpression | null;
}

/** A start event of a process: the none start event, or a timer start event (`timer` set, activityType `startTimerEvent`). */
export interface StartEventModel extends ElementBase { kind: 'startEvent'; formKey: CompiledExpression | null; formRef: FormRefModel | null; initiator: string | null /* camunda:initiator */; timer?: TimerModel; messageName?: CompiledExpression /* message start event (activityType `messageStartEvent`) */; signalName?: CompiledExpression /* signal start event (activityType `signalStartEvent`) */; error?: ErrorEventModel /* error start event of an error event sub-process (activityType `errorStartEvent`) */; isInterrupting?: boolean /* the start event of an event sub-process: false = non-interrupting */ }
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
export interface EndEventModel extends ElementBase { kind: 'endEvent'; terminate: boolean; signalName?: CompiledExpression /* signal end event (activityType `signalEndEvent`): broadcasts, then ends */; error?: ErrorEventModel /* error end event (activityType `errorEndEvent`): throws its error */ }
/**
 * A `bpmn:errorEventDefinition` as deployed. On a throwing event: `errorCode` is the code of the referenced `bpmn:error`
 * and `errorMessage` its `camunda:errorMessage`. On a catching event: `errorCode` null catches every error (no errorRef,
 * or an error without code); `codeVariable`/`messageVariable` are `camunda:errorCodeVariable`/`camunda:errorMessageVariable`.
 */
export interface ErrorEventModel { errorCode: string | null; errorMessage: CompiledExpression | null; codeVariable: string | null; messageVariable: string | null }
/**
 * An embedded sub-process (activityType `subProcess`), or with `triggeredByEvent` an event sub-process (activityType
 * `eventSubProcess`): a scope whose token starts at `startEventId` (its none start event; the error, timer, message or
 * signal start event of an event sub-process).
 */
export interface SubProcessModel extends ElementBase { kind: 'subProcess'; triggeredByEvent: boolean; startEventId: string | null }
/**
 * A boundary event attached to `attachedToId` (activityType `boundaryTimer`, `boundaryMessage`, `boundarySignal` or
 * `boundaryError`): exactly one of `timer`, `messageName`, `signalName`, `error` is set. `cancelActivity` false: non-interrupting (never for errors).
 */
export interface BoundaryEventModel extends ElementBase { kind: 'boundaryEvent'; attachedToId: string; cancelActivity: boolean; timer?: TimerModel; messageName?: CompiledExpression; signalName?: CompiledExpression; error?: ErrorEventModel }
/**
 * An intermediate signal catch event (activityType `intermediateSignalCatch`): the token waits in a `signal` event
 * subscription named by `signalName` (evaluated when the token arrives) until the signal is broadcast.
 */
export interface SignalCatchModel extends ElementBase { kind: 'signalCatch'; signalName: CompiledExpression }
/** An intermediate signal throw event (activityType `intermediateSignalThrow`): broadcasts the signal synchronously, then passes the token on. */
export interface SignalThrowModel extends ElementBase { kind: 'signalThrow'; signalName: CompiledExpression }
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
/**
 * The multi-instance body of an activity with a loop (id `<activityId>#multiInstanceBody`, activityType
 * `multiInstanceBody`, as Camunda 7): it owns the activity's sequence flows and boundary events and runs the inner
 * activity `innerId` once per instance, in parallel or one after another.
 */
export interface MultiInstanceBodyModel extends ElementBase { kind: 'multiInstanceBody'; innerId: string; multiInstance: LoopModel }
/**
 * A call activity: starts an instance of the process `calledElement` (resolved by `binding`), waits until it ends, copies
 * variables in (`camunda:in`) at the start and out (`camunda:out`) at the end.
 */
export interface CallActivityModel extends ElementBase {
  kind: 'callActivity';
  calledElement: CompiledExpression;
  binding: 'latest' | 'deployment' | 'version' | 'versionTag';
  version: CompiledExpression | null;
  versionTag: CompiledExpression | null;
  inMappings: VariableMappingModel[];
  outMappings: VariableMappingModel[];
  /** `camunda:in businessKey="…"`: the called instance's business key (none by default). */
  businessKey: CompiledExpression | null;
}
/**
 * One `camunda:in` / `camunda:out`: all variables (`variables="all"`), or one variable from `source` (a variable name) or
 * `sourceExpression` to `target`; `local` reads (in) or writes (out) only the local scope.
 */
export type VariableMappingModel =
  | { kind: 'all'; local: boolean }
  | { kind: 'variable'; source: string; target: string; local: boolean }
  | { kind: 'expression'; expression: CompiledExpression; target: string; local: boolean };
/**
 * An event-based gateway (activityType `eventBasedGateway`): the token waits until the first of the catch events after
 * it occurs (a message, a timer, a signal), then takes that path; the others are cancelled.
 */
export interface EventGatewayModel extends ElementBase { kind: 'eventBasedGateway' }
/** Every flow element the embedded engine executes. */
export type FlowElementModel = StartEventModel | EndEventModel | UserTaskModel | ExternalTaskModel | GatewayModel | PassThroughModel | TimerCatchModel | MessageCatchModel | SignalCatchModel | SignalThrowModel | SubProcessModel | BoundaryEventModel | MultiInstanceBodyModel | CallActivityModel | EventGatewayModel;

/** One executable process of a BPMN resource. */
export interface ProcessModel {
  id: string; name: string | null; documentation: string | null;
  versionTag: string | null; historyTimeToLive: number | null /* days */; isStartableInTasklist: boolean;
  /** camunda:taskPriority on the process: default external-task priority. */ taskPriority: CompiledExpression | null;
  startEventId: string | null;   // the initial start event (Camunda's selectInitial: the one none or timer start event); null when there is none
  /** The timer start events (each gets a job while the definition is the latest version). */ timerStartEventIds: string[];
  elements: Map<string, FlowElementModel>;
  flows: Map<string, SequenceFlowModel>;
  /** Element id → id of the (event) sub-process that directly contains it; top-level elements are absent. */
  parentOf: Map<string, string>;
  /** Activity id → ids of the boundary events attached to it (activities without boundary events are absent). */
  boundaryEventIds: Map<string, string[]>;
  /** Scope id (a sub-process id, '' for the process) → ids of the error event sub-processes directly inside it. */
  eventSubProcessIds: Map<string, string[]>;
}

/** The outcome of parsing one BPMN resource: it may be deployed only when `errors` is empty. */
export interface ParsedBpmn { processes: ProcessModel[]; errors: ParseProblem[]; warnings: ParseProblem[] }
