/**
 * Row types of the engine tables (camelCase fields of the snake_case columns) and the metadata the unit of
 * work needs to map them: which columns are booleans, which are numbers, and whether rows carry a revision.
 * Times are epoch milliseconds.
 */

export interface DeploymentRow { id: string; name: string | null; source: string | null; tenantId: string | null; deployTime: number }
export interface ResourceRow { id: string; deploymentId: string; name: string; bytes: Buffer; checksum: string | null }
export interface ProcessDefinitionRow {
  id: string; rev: number; key: string; version: number; name: string | null; category: string | null; deploymentId: string;
  resourceName: string | null; suspended: boolean; versionTag: string | null; historyTtl: number | null; startable: boolean;
  tenantId: string | null; description: string | null;
}
export interface FormDefinitionRow { id: string; key: string; version: number; deploymentId: string; resourceName: string; tenantId: string | null }
export interface ExecutionRow {
  id: string; rev: number; procInstId: string; parentId: string | null; procDefId: string; procDefKey: string | null;
  businessKey: string | null; activityId: string | null; actInstId: string | null; incomingFlowId: string | null;
  isActive: boolean; isConcurrent: boolean; isScope: boolean; suspended: boolean; startTime: number;
  startUserId: string | null; rootProcInstId: string | null; superExecId: string | null; tenantId: string | null; sequence: number;
}
export interface VariableRow {
  id: string; rev: number; name: string; type: string; executionId: string | null; procInstId: string | null;
  taskId: string | null; procDefId: string | null; textValue: string | null; text2Value: string | null;
  longValue: number | null; doubleValue: number | null; bytesValue: Buffer | null; actInstId: string | null; createTime: number | null;
  /** The task id for task-local variables, else the execution id: unique together with the name. */
  scopeId: string;
}
export interface TaskRow {
  id: string; rev: number; executionId: string | null; procInstId: string | null; procDefId: string | null; procDefKey: string | null;
  businessKey: string | null; taskDefKey: string | null; actInstId: string | null; name: string | null; description: string | null;
  owner: string | null; assignee: string | null; delegationState: string | null; priority: number; createTime: number;
  lastUpdated: number | null; dueDate: number | null; followUpDate: number | null; suspended: boolean; formKey: string | null;
  formRefKey: string | null; formRefBinding: string | null; formRefVersion: number | null; parentTaskId: string | null;
  tenantId: string | null; deploymentId: string | null;
}
export interface IdentityLinkRow {
  id: string; rev: number; taskId: string | null; procDefId: string | null; procInstId: string | null; type: string;
  userId: string | null; groupId: string | null;
}
export interface ExternalTaskRow {
  id: string; rev: number; topic: string; workerId: string | null; lockExpTime: number | null; retries: number | null;
  errorMessage: string | null; errorDetails: string | null; suspended: boolean; executionId: string; procInstId: string;
  procDefId: string; procDefKey: string | null; procDefVersionTag: string | null; activityId: string; actInstId: string | null;
  priority: number; businessKey: string | null; tenantId: string | null; createTime: number;
}
export interface IncidentRow {
  id: string; rev: number; incidentType: string; incidentMsg: string | null; executionId: string | null; procInstId: string | null;
  procDefId: string | null; activityId: string | null; failedActivityId: string | null; causeIncidentId: string | null;
  rootCauseIncidentId: string | null; configuration: string | null; incidentTimestamp: number; annotation: string | null;
  jobDefId: string | null; tenantId: string | null;
}
/**
 * A job (`eng_job`): a timer or a retried continuation the job executor runs when `dueDate` has passed.
 * `handlerType` says what running it does (`timer-intermediate-transition`, `timer-start-event`); `handlerCfg`
 * holds the activity id; `repeat` the remaining cycle of a timer cycle (`R2/PT10M`); a job is locked by the
 * node executing it (`lockOwner` until `lockExpTime`).
 */
export interface JobRow {
  id: string; rev: number; type: string; handlerType: string; handlerCfg: string | null; lockOwner: string | null;
  lockExpTime: number | null; exclusive: boolean; executionId: string | null; procInstId: string | null; procDefId: string | null;
  procDefKey: string | null; activityId: string | null; failedActId: string | null; retries: number; exceptionMsg: string | null;
  exceptionStack: string | null; dueDate: number | null; repeat: string | null; suspended: boolean; priority: number;
  deploymentId: string | null; tenantId: string | null; createTime: number;
}
export interface CommentRow {
  id: string; type: string; time: number; userId: string | null; taskId: string | null; procInstId: string | null;
  action: string | null; message: string | null;
}
export interface HiProcInstRow {
  id: string; procInstId: string; businessKey: string | null; procDefId: string; procDefKey: string | null;
  procDefName: string | null; procDefVersion: number | null; startTime: number; endTime: number | null; duration: number | null;
  startUserId: string | null; startActId: string | null; endActId: string | null; deleteReason: string | null;
  superProcInstId: string | null; rootProcInstId: string | null; state: string; tenantId: string | null; removalTime: number | null;
}
export interface HiActInstRow {
  id: string; parentActInstId: string | null; procDefKey: string | null; procDefId: string; procInstId: string;
  rootProcInstId: string | null; executionId: string | null; actId: string; taskId: string | null; callProcInstId: string | null;
  actName: string | null; actType: string; assignee: string | null; startTime: number; endTime: number | null;
  duration: number | null; actInstState: number; sequence: number; tenantId: string | null; removalTime: number | null;
}
export interface HiTaskInstRow {
  id: string; taskDefKey: string | null; procDefKey: string | null; procDefId: string | null; procInstId: string | null;
  rootProcInstId: string | null; executionId: string | null; actInstId: string | null; name: string | null;
  parentTaskId: string | null; description: string | null; owner: string | null; assignee: string | null; startTime: number;
  endTime: number | null; duration: number | null; deleteReason: string | null; priority: number; dueDate: number | null;
  followUpDate: number | null; tenantId: string | null; taskState: string | null; removalTime: number | null;
}
export interface OpLogRow {
  id: string; operationId: string; operationType: string; entityType: string; category: string | null; userId: string | null;
  timestamp: number; property: string | null; orgValue: string | null; newValue: string | null; deploymentId: string | null;
  procDefId: string | null; procDefKey: string | null; procInstId: string | null; executionId: string | null; taskId: string | null;
  externalTaskId: string | null; jobId: string | null; annotation: string | null;
}

/** A historic variable instance (`eng_hi_varinst`): same id as the runtime variable; state `CREATED` or `DELETED`. */
export interface HiVarInstRow {
  id: string; procInstId: string | null; rootProcInstId: string | null; executionId: string | null; actInstId: string | null;
  taskId: string | null; procDefKey: string | null; procDefId: string | null; name: string; type: string;
  textValue: string | null; text2Value: string | null; longValue: number | null; doubleValue: number | null;
  bytesValue: Buffer | null; state: string; createTime: number; lastUpdated: number | null; rev: number;
  tenantId: string | null; removalTime: number | null;
}
/** One variable update (`eng_hi_detail`, type `VariableUpdate`): the value a variable got by a create, update or delete. */
export interface HiDetailRow {
  id: string; type: string; procInstId: string | null; rootProcInstId: string | null; executionId: string | null;
  actInstId: string | null; taskId: string | null; procDefKey: string | null; procDefId: string | null; varInstId: string;
  name: string; varType: string; rev: number; time: number; sequence: number; textValue: string | null;
  text2Value: string | null; longValue: number | null; doubleValue: number | null; bytesValue: Buffer | null;
  isInitial: boolean; operationId: string | null; tenantId: string | null; removalTime: number | null;
}
/** A historic incident (`eng_hi_incident`); `incidentState` 0 open, 1 resolved, 2 deleted (Camunda's `IncidentState`). */
export interface HiIncidentRow {
  id: string; procDefKey: string | null; procDefId: string | null; procInstId: string | null; rootProcInstId: string | null;
  executionId: string | null; createTime: number; endTime: number | null; incidentMsg: string | null; incidentType: string;
  activityId: string | null; failedActivityId: string | null; causeIncidentId: string | null; rootCauseIncidentId: string | null;
  configuration: string | null; historyConfiguration: string | null; incidentState: number; tenantId: string | null;
  jobDefId: string | null; annotation: string | null; removalTime: number | null;
}

/**
 * An event subscription (`eng_event_subscription`): a token waiting for a message (`executionId` set), or a message
 * start event of the latest version of a definition (`executionId` null, `procDefId` and `configuration` = its id).
 */
export interface EventSubscriptionRow {
  id: string; rev: number; eventType: string; eventName: string | null; executionId: string | null; procInstId: string | null;
  procDefId: string | null; activityId: string | null; configuration: string | null; created: number; tenantId: string | null;
}

/** Mapping metadata of one table. */
export interface TableMeta<T> {
  readonly table: string;
  /** Rows carry `rev` and are updated/deleted with an optimistic-locking check. */
  readonly versioned: boolean;
  readonly bools: ReadonlySet<string>;
  readonly numbers: ReadonlySet<string>;
  /** Field names, in column order; the first is the primary key `id`. */
  readonly fields: ReadonlyArray<keyof T & string>;
  readonly columns: ReadonlyArray<string>;
}

export const T = {
  deployment: meta<DeploymentRow>('eng_deployment', false, ['id', 'name', 'source', 'tenantId', 'deployTime'], [], ['deployTime']),
  resource: meta<ResourceRow>('eng_resource', false, ['id', 'deploymentId', 'name', 'bytes', 'checksum'], [], []),
  processDefinition: meta<ProcessDefinitionRow>(
    'eng_process_definition', true,
    ['id', 'rev', 'key', 'version', 'name', 'category', 'deploymentId', 'resourceName', 'suspended', 'versionTag', 'historyTtl', 'startable', 'tenantId', 'description'],
    ['suspended', 'startable'], ['rev', 'version', 'historyTtl'],
  ),
  formDefinition: meta<FormDefinitionRow>('eng_form_definition', false, ['id', 'key', 'version', 'deploymentId', 'resourceName', 'tenantId'], [], ['version']),
  execution: meta<ExecutionRow>(
    'eng_execution', true,
    ['id', 'rev', 'procInstId', 'parentId', 'procDefId', 'procDefKey', 'businessKey', 'activityId', 'actInstId', 'incomingFlowId', 'isActive', 'isConcurrent', 'isScope', 'suspended', 'startTime', 'startUserId', 'rootProcInstId', 'superExecId', 'tenantId', 'sequence'],
    ['isActive', 'isConcurrent', 'isScope', 'suspended'], ['rev', 'startTime', 'sequence'],
  ),
  variable: meta<VariableRow>(
    'eng_variable', true,
    ['id', 'rev', 'name', 'type', 'executionId', 'procInstId', 'taskId', 'procDefId', 'textValue', 'text2Value', 'longValue', 'doubleValue', 'bytesValue', 'actInstId', 'createTime', 'scopeId'],
    [], ['rev', 'longValue', 'doubleValue', 'createTime'],
  ),
  task: meta<TaskRow>(
    'eng_task', true,
    ['id', 'rev', 'executionId', 'procInstId', 'procDefId', 'procDefKey', 'businessKey', 'taskDefKey', 'actInstId', 'name', 'description', 'owner', 'assignee', 'delegationState', 'priority', 'createTime', 'lastUpdated', 'dueDate', 'followUpDate', 'suspended', 'formKey', 'formRefKey', 'formRefBinding', 'formRefVersion', 'parentTaskId', 'tenantId', 'deploymentId'],
    ['suspended'], ['rev', 'priority', 'createTime', 'lastUpdated', 'dueDate', 'followUpDate', 'formRefVersion'],
  ),
  identityLink: meta<IdentityLinkRow>('eng_identity_link', true, ['id', 'rev', 'taskId', 'procDefId', 'procInstId', 'type', 'userId', 'groupId'], [], ['rev']),
  externalTask: meta<ExternalTaskRow>(
    'eng_external_task', true,
    ['id', 'rev', 'topic', 'workerId', 'lockExpTime', 'retries', 'errorMessage', 'errorDetails', 'suspended', 'executionId', 'procInstId', 'procDefId', 'procDefKey', 'procDefVersionTag', 'activityId', 'actInstId', 'priority', 'businessKey', 'tenantId', 'createTime'],
    ['suspended'], ['rev', 'lockExpTime', 'retries', 'priority', 'createTime'],
  ),
  incident: meta<IncidentRow>(
    'eng_incident', true,
    ['id', 'rev', 'incidentType', 'incidentMsg', 'executionId', 'procInstId', 'procDefId', 'activityId', 'failedActivityId', 'causeIncidentId', 'rootCauseIncidentId', 'configuration', 'incidentTimestamp', 'annotation', 'jobDefId', 'tenantId'],
    [], ['rev', 'incidentTimestamp'],
  ),
  job: meta<JobRow>(
    'eng_job', true,
    ['id', 'rev', 'type', 'handlerType', 'handlerCfg', 'lockOwner', 'lockExpTime', 'exclusive', 'executionId', 'procInstId', 'procDefId', 'procDefKey', 'activityId', 'failedActId', 'retries', 'exceptionMsg', 'exceptionStack', 'dueDate', 'repeat', 'suspended', 'priority', 'deploymentId', 'tenantId', 'createTime'],
    ['exclusive', 'suspended'], ['rev', 'lockExpTime', 'retries', 'dueDate', 'priority', 'createTime'],
  ),
  eventSubscription: meta<EventSubscriptionRow>(
    'eng_event_subscription', true,
    ['id', 'rev', 'eventType', 'eventName', 'executionId', 'procInstId', 'procDefId', 'activityId', 'configuration', 'created', 'tenantId'],
    [], ['rev', 'created'],
  ),
  comment: meta<CommentRow>('eng_comment', false, ['id', 'type', 'time', 'userId', 'taskId', 'procInstId', 'action', 'message'], [], ['time']),
  hiProcInst: meta<HiProcInstRow>(
    'eng_hi_procinst', false,
    ['id', 'procInstId', 'businessKey', 'procDefId', 'procDefKey', 'procDefName', 'procDefVersion', 'startTime', 'endTime', 'duration', 'startUserId', 'startActId', 'endActId', 'deleteReason', 'superProcInstId', 'rootProcInstId', 'state', 'tenantId', 'removalTime'],
    [], ['procDefVersion', 'startTime', 'endTime', 'duration', 'removalTime'],
  ),
  hiActInst: meta<HiActInstRow>(
    'eng_hi_actinst', false,
    ['id', 'parentActInstId', 'procDefKey', 'procDefId', 'procInstId', 'rootProcInstId', 'executionId', 'actId', 'taskId', 'callProcInstId', 'actName', 'actType', 'assignee', 'startTime', 'endTime', 'duration', 'actInstState', 'sequence', 'tenantId', 'removalTime'],
    [], ['startTime', 'endTime', 'duration', 'actInstState', 'sequence', 'removalTime'],
  ),
  hiTaskInst: meta<HiTaskInstRow>(
    'eng_hi_taskinst', false,
    ['id', 'taskDefKey', 'procDefKey', 'procDefId', 'procInstId', 'rootProcInstId', 'executionId', 'actInstId', 'name', 'parentTaskId', 'description', 'owner', 'assignee', 'startTime', 'endTime', 'duration', 'deleteReason', 'priority', 'dueDate', 'followUpDate', 'tenantId', 'taskState', 'removalTime'],
    [], ['startTime', 'endTime', 'duration', 'priority', 'dueDate', 'followUpDate', 'removalTime'],
  ),
  opLog: meta<OpLogRow>(
    'eng_hi_op_log', false,
    ['id', 'operationId', 'operationType', 'entityType', 'category', 'userId', 'timestamp', 'property', 'orgValue', 'newValue', 'deploymentId', 'procDefId', 'procDefKey', 'procInstId', 'executionId', 'taskId', 'externalTaskId', 'jobId', 'annotation'],
    [], ['timestamp'],
  ),
  hiVarInst: meta<HiVarInstRow>(
    'eng_hi_varinst', false,
    ['id', 'procInstId', 'rootProcInstId', 'executionId', 'actInstId', 'taskId', 'procDefKey', 'procDefId', 'name', 'type', 'textValue', 'text2Value', 'longValue', 'doubleValue', 'bytesValue', 'state', 'createTime', 'lastUpdated', 'rev', 'tenantId', 'removalTime'],
    [], ['longValue', 'doubleValue', 'createTime', 'lastUpdated', 'rev', 'removalTime'],
  ),
  hiDetail: meta<HiDetailRow>(
    'eng_hi_detail', false,
    ['id', 'type', 'procInstId', 'rootProcInstId', 'executionId', 'actInstId', 'taskId', 'procDefKey', 'procDefId', 'varInstId', 'name', 'varType', 'rev', 'time', 'sequence', 'textValue', 'text2Value', 'longValue', 'doubleValue', 'bytesValue', 'isInitial', 'operationId', 'tenantId', 'removalTime'],
    ['isInitial'], ['rev', 'time', 'sequence', 'longValue', 'doubleValue', 'removalTime'],
  ),
  hiIncident: meta<HiIncidentRow>(
    'eng_hi_incident', false,
    ['id', 'procDefKey', 'procDefId', 'procInstId', 'rootProcInstId', 'executionId', 'createTime', 'endTime', 'incidentMsg', 'incidentType', 'activityId', 'failedActivityId', 'causeIncidentId', 'rootCauseIncidentId', 'configuration', 'historyConfiguration', 'incidentState', 'tenantId', 'jobDefId', 'annotation', 'removalTime'],
    [], ['createTime', 'endTime', 'incidentState', 'removalTime'],
  ),
} as const;

/** Converts a database row to its typed row object. */
export function fromRow<R>(m: TableMeta<R>, row: Record<string, unknown>): R {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < m.fields.length; i++) {
    const field = m.fields[i] as string;
    let v = row[m.columns[i] as string];
    if (v === undefined) v = null;
    if (v !== null) {
      if (m.bools.has(field)) v = v === 1 || v === true || v === '1';
      else if (m.numbers.has(field)) v = Number(v);
      else if (Buffer.isBuffer(v) || v instanceof Uint8Array) v = Buffer.from(v as Uint8Array);
    }
    out[field] = v;
  }
  return out as R;
}

/** Column name of a field. */
export function columnOf(field: string): string {
  return field === 'key' || field === 'repeat' ? `${field}_` : field.replace(/[A-Z0-9]/g, (c) => (/[0-9]/.test(c) ? c : `_${c.toLowerCase()}`));
}

// helpers ////

function meta<R>(table: string, versioned: boolean, fields: Array<keyof R & string>, bools: string[], numbers: string[]): TableMeta<R> {
  return { table, versioned, fields, columns: fields.map(columnOf), bools: new Set(bools), numbers: new Set(numbers) };
}
