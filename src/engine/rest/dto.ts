import type {
  CommentRow, DeploymentRow, ExternalTaskRow, HiActInstRow, HiDetailRow, HiIncidentRow, HiProcInstRow, HiTaskInstRow, HiVarInstRow,
  IncidentRow, OpLogRow, ProcessDefinitionRow, TaskRow,
} from '../persistence/tables.js';
import type { LockedTask } from '../services/external-task-service.js';
import type { ProcessInstanceInfo } from '../services/runtime-service.js';
import { formatEngineDateOrNull, fromColumns, toRestValue, toRestVariables, type VariableMap } from '../variables/index.js';

/** Converts an epoch-ms time to the REST date format (null stays null). */
export function date(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : formatEngineDateOrNull(new Date(ms));
}

/** `DeploymentDto`. */
export function deploymentDto(d: DeploymentRow, baseUrl: string) {
  return {
    links: [{ method: 'GET', href: `${baseUrl}/deployment/${d.id}`, rel: 'self' }],
    id: d.id, name: d.name, source: d.source, deploymentTime: date(d.deployTime),
    tenantId: d.tenantId,
  };
}

/** `ProcessDefinitionDto`. */
export function processDefinitionDto(p: ProcessDefinitionRow) {
  return {
    id: p.id, key: p.key, category: p.category, description: p.description, name: p.name, version: p.version,
    resource: p.resourceName, deploymentId: p.deploymentId, diagram: null, suspended: p.suspended, tenantId: p.tenantId,
    versionTag: p.versionTag, historyTimeToLive: p.historyTtl, startableInTasklist: p.startable,
  };
}

/** `ProcessInstanceDto` / `ProcessInstanceWithVariablesDto`. */
export function processInstanceDto(p: ProcessInstanceInfo, baseUrl: string, withVariables = false) {
  const dto: Record<string, unknown> = {
    links: [{ method: 'GET', href: `${baseUrl}/process-instance/${p.id}`, rel: 'self' }],
    id: p.id, definitionId: p.definitionId, definitionKey: p.definitionKey, businessKey: p.businessKey,
    caseInstanceId: null, ended: p.ended, suspended: p.suspended, tenantId: p.tenantId,
  };
  if (withVariables) dto['variables'] = toRestVariables(p.variables ?? {});
  return dto;
}

/** `TaskDto` (with the `attachment`/`comment` flags of the list variant when given). */
export function taskDto(t: TaskRow, extras?: { comment: boolean; attachment: boolean }) {
  return {
    id: t.id, name: t.name, assignee: t.assignee, owner: t.owner, created: date(t.createTime), lastUpdated: date(t.lastUpdated),
    due: date(t.dueDate), followUp: date(t.followUpDate), delegationState: t.delegationState, description: t.description,
    executionId: t.executionId, parentTaskId: t.parentTaskId, priority: t.priority, processDefinitionId: t.procDefId,
    processInstanceId: t.procInstId, caseExecutionId: null, caseDefinitionId: null, caseInstanceId: null,
    taskDefinitionKey: t.taskDefKey, suspended: t.suspended, formKey: t.formKey,
    camundaFormRef: t.formRefKey ? { key: t.formRefKey, binding: t.formRefBinding ?? 'latest', version: t.formRefVersion } : null,
    tenantId: t.tenantId, taskState: null,
    ...(extras ?? {}),
  };
}

/** `ExternalTaskDto`. */
export function externalTaskDto(x: ExternalTaskRow) {
  return {
    activityId: x.activityId, activityInstanceId: x.actInstId, errorMessage: x.errorMessage, executionId: x.executionId,
    id: x.id, lockExpirationTime: date(x.lockExpTime), createTime: date(x.createTime), processDefinitionId: x.procDefId,
    processDefinitionKey: x.procDefKey, processDefinitionVersionTag: x.procDefVersionTag, processInstanceId: x.procInstId,
    retries: x.retries, suspended: x.suspended, workerId: x.workerId, topicName: x.topic, tenantId: x.tenantId,
    priority: x.priority, businessKey: x.businessKey,
  };
}

/** `LockedExternalTaskDto`. */
export function lockedExternalTaskDto(l: LockedTask) {
  const x = l.task;
  return {
    activityId: x.activityId, activityInstanceId: x.actInstId, errorMessage: x.errorMessage, errorDetails: x.errorDetails,
    executionId: x.executionId, id: x.id, lockExpirationTime: date(x.lockExpTime), createTime: date(x.createTime),
    processDefinitionId: x.procDefId, processDefinitionKey: x.procDefKey, processDefinitionVersionTag: x.procDefVersionTag,
    processInstanceId: x.procInstId, retries: x.retries, suspended: x.suspended, workerId: x.workerId, topicName: x.topic,
    tenantId: x.tenantId, variables: toRestVariables(l.variables), priority: x.priority, businessKey: x.businessKey,
    extensionProperties: l.extensionProperties,
  };
}

/** `CommentDto`. */
export function commentDto(c: CommentRow, baseUrl: string) {
  return {
    links: [{ method: 'GET', href: `${baseUrl}/task/${c.taskId}/comment/${c.id}`, rel: 'self' }],
    id: c.id, userId: c.userId, taskId: c.taskId, processInstanceId: c.procInstId, time: date(c.time), message: c.message,
    removalTime: null, rootProcessInstanceId: c.procInstId,
  };
}

/** Variables map in REST shape. */
export function variablesDto(vars: VariableMap, deserializeValues = true) {
  return toRestVariables(vars, { deserializeValues });
}

/** `HistoricProcessInstanceDto`. */
export function historicProcessInstanceDto(h: HiProcInstRow) {
  return {
    id: h.id, rootProcessInstanceId: h.rootProcInstId, superProcessInstanceId: h.superProcInstId, superCaseInstanceId: null,
    caseInstanceId: null, processDefinitionName: h.procDefName, processDefinitionKey: h.procDefKey,
    processDefinitionVersion: h.procDefVersion, processDefinitionId: h.procDefId, businessKey: h.businessKey,
    startTime: date(h.startTime), endTime: date(h.endTime), removalTime: date(h.removalTime), durationInMillis: h.duration,
    startUserId: h.startUserId, startActivityId: h.startActId, deleteReason: h.deleteReason, tenantId: h.tenantId, state: h.state,
    restartedProcessInstanceId: null,
  };
}

/** `HistoricActivityInstanceDto` (`canceled`: activity instance state 2, `completeScope`: state 1). */
export function historicActivityInstanceDto(a: HiActInstRow) {
  return {
    id: a.id, parentActivityInstanceId: a.parentActInstId, activityId: a.actId, activityName: a.actName, activityType: a.actType,
    processDefinitionKey: a.procDefKey, processDefinitionId: a.procDefId, processInstanceId: a.procInstId, executionId: a.executionId,
    taskId: a.taskId, assignee: a.assignee, calledProcessInstanceId: a.callProcInstId, calledCaseInstanceId: null,
    startTime: date(a.startTime), endTime: date(a.endTime), durationInMillis: a.duration, canceled: a.actInstState === 2,
    completeScope: a.actInstState === 1, tenantId: a.tenantId, removalTime: date(a.removalTime), rootProcessInstanceId: a.rootProcInstId,
  };
}

/** `HistoricTaskInstanceDto`. */
export function historicTaskInstanceDto(t: HiTaskInstRow) {
  return {
    id: t.id, processDefinitionKey: t.procDefKey, processDefinitionId: t.procDefId, processInstanceId: t.procInstId,
    executionId: t.executionId, caseDefinitionKey: null, caseDefinitionId: null, caseInstanceId: null, caseExecutionId: null,
    activityInstanceId: t.actInstId, name: t.name, description: t.description, deleteReason: t.deleteReason, owner: t.owner,
    assignee: t.assignee, startTime: date(t.startTime), endTime: date(t.endTime), duration: t.duration, taskDefinitionKey: t.taskDefKey,
    priority: t.priority, due: date(t.dueDate), parentTaskId: t.parentTaskId, followUp: date(t.followUpDate), tenantId: t.tenantId,
    removalTime: date(t.removalTime), rootProcessInstanceId: t.rootProcInstId, taskState: t.taskState,
  };
}

/** `UserOperationLogEntryDto`. */
export function userOperationLogEntryDto(o: OpLogRow) {
  return {
    id: o.id, userId: o.userId, timestamp: date(o.timestamp), operationId: o.operationId, operationType: o.operationType,
    entityType: o.entityType, category: o.category, annotation: o.annotation, property: o.property, orgValue: o.orgValue,
    newValue: o.newValue, deploymentId: o.deploymentId, processDefinitionId: o.procDefId, processDefinitionKey: o.procDefKey,
    processInstanceId: o.procInstId, executionId: o.executionId, caseDefinitionId: null, caseInstanceId: null, caseExecutionId: null,
    taskId: o.taskId, externalTaskId: o.externalTaskId, batchId: null, jobId: o.jobId, jobDefinitionId: null, removalTime: null,
    rootProcessInstanceId: o.procInstId,
  };
}

/** `HistoricVariableInstanceDto`: the variable's place, state and its (current or last) value. */
export function historicVariableInstanceDto(v: HiVarInstRow, deserializeValues = true) {
  const value = toRestValue(fromColumns(v as never), { deserializeValues });
  return {
    id: v.id, name: v.name, processDefinitionKey: v.procDefKey, processDefinitionId: v.procDefId, processInstanceId: v.procInstId,
    executionId: v.executionId, activityInstanceId: v.actInstId, caseDefinitionKey: null, caseDefinitionId: null,
    caseInstanceId: null, caseExecutionId: null, taskId: v.taskId, tenantId: v.tenantId, errorMessage: null, state: v.state,
    createTime: date(v.createTime), removalTime: date(v.removalTime), rootProcessInstanceId: v.rootProcInstId, ...value,
  };
}

/** `HistoricDetailDto` of a variable update (`type: variableUpdate`). */
export function historicDetailDto(d: HiDetailRow, deserializeValues = true) {
  const value = toRestValue(fromColumns({ ...d, type: d.varType } as never), { deserializeValues });
  return {
    type: 'variableUpdate', id: d.id, processDefinitionKey: d.procDefKey, processDefinitionId: d.procDefId,
    processInstanceId: d.procInstId, activityInstanceId: d.actInstId, executionId: d.executionId, caseDefinitionKey: null,
    caseDefinitionId: null, caseInstanceId: null, caseExecutionId: null, taskId: d.taskId, tenantId: d.tenantId,
    userOperationId: d.operationId, time: date(d.time), removalTime: date(d.removalTime), rootProcessInstanceId: d.rootProcInstId,
    variableName: d.name, variableInstanceId: d.varInstId, variableType: value.type, value: value.value, valueInfo: value.valueInfo,
    initial: d.isInitial, revision: d.rev, errorMessage: null,
  };
}

/** `HistoricIncidentDto` (`open`/`resolved`/`deleted` from the incident state). */
export function historicIncidentDto(i: HiIncidentRow) {
  return {
    id: i.id, processDefinitionKey: i.procDefKey, processDefinitionId: i.procDefId, processInstanceId: i.procInstId,
    executionId: i.executionId, rootProcessInstanceId: i.rootProcInstId, createTime: date(i.createTime), endTime: date(i.endTime),
    removalTime: date(i.removalTime), incidentType: i.incidentType, activityId: i.activityId, failedActivityId: i.failedActivityId,
    causeIncidentId: i.causeIncidentId, rootCauseIncidentId: i.rootCauseIncidentId, configuration: i.configuration,
    historyConfiguration: i.historyConfiguration, incidentMessage: i.incidentMsg, tenantId: i.tenantId, jobDefinitionId: i.jobDefId,
    open: i.incidentState === 0, deleted: i.incidentState === 2, resolved: i.incidentState === 1, annotation: i.annotation,
  };
}

/** `IncidentDto`. */
export function incidentDto(i: IncidentRow) {
  return {
    id: i.id, processDefinitionId: i.procDefId, processInstanceId: i.procInstId, executionId: i.executionId,
    incidentTimestamp: date(i.incidentTimestamp), incidentType: i.incidentType, activityId: i.activityId,
    failedActivityId: i.failedActivityId, causeIncidentId: i.causeIncidentId, rootCauseIncidentId: i.rootCauseIncidentId,
    configuration: i.configuration, tenantId: i.tenantId, incidentMessage: i.incidentMsg, jobDefinitionId: i.jobDefId,
    annotation: i.annotation,
  };
}
