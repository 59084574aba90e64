import type { CommentRow, DeploymentRow, ExternalTaskRow, ProcessDefinitionRow, TaskRow } from '../persistence/tables.js';
import type { LockedTask } from '../services/external-task-service.js';
import type { ProcessInstanceInfo } from '../services/runtime-service.js';
import { formatEngineDateOrNull, toRestVariables, type VariableMap } from '../variables/index.js';

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
