/** The executable model of BPMN 2.0 processes (Camunda 7 dialect): parsing, validation and reachability. */
export { parseBpmn } from './parse-bpmn.js';
export { canReach } from './reachability.js';
export type {
  ElementKind, EndEventModel, ExternalTaskModel, FlowElementModel, FormRefModel, GatewayModel, ParameterModel,
  ParameterValue, ParsedBpmn, PassThroughModel, ProcessModel, SequenceFlowModel, StartEventModel, UserTaskModel,
  TimerCatchModel, TimerModel, MessageCatchModel, SignalCatchModel, SignalThrowModel,
  SubProcessModel, BoundaryEventModel, ErrorEventModel, MultiInstanceBodyModel, CallActivityModel, VariableMappingModel,
  EventGatewayModel, LoopModel,
} from './types.js';
export { multiInstanceBodyId } from './validate-activities.js';
