/** The tamper-evident audit log: hash-chained entries, their listing and verification, with its TypeORM entities. */
export { AuditEntryEntity, AuditHeadEntity, auditEntities } from './audit-entry.entity.js';
export {
  AuditLog,
  AUDIT_ACTION_PATTERN,
  AUDIT_ACTION_PREFIX_PATTERN,
  AUDIT_SUBJECT_TYPE_PATTERN,
  MAX_AUDIT_PAGE,
  type AuditBreak,
  type AuditBreakReason,
  type AuditDetails,
  type AuditEntry,
  type AuditEntryInput,
  type AuditLogOptions,
  type AuditPage,
  type AuditQuery,
  type AuditVerification,
} from './audit-log.js';
export { auditContextOf, SYSTEM_AUDIT_CONTEXT, type AuditContext, type AuditedRequest } from './audit-context.js';
export {
  AUDIT_GENESIS_HASH,
  AUDIT_HASH_ALGORITHMS,
  AUDIT_RECORD_VERSION,
  PREFERRED_AUDIT_HASH_ALGORITHM,
  canonicalRecord,
  entryHash,
  isSupportedAlgorithm,
  sm3Available,
  type AuditHashAlgorithm,
  type AuditHashedFields,
} from './audit-hash.js';
export { canonicalJson, type JsonObject, type JsonValue } from './canonical-json.js';
export { AUDITOR_GROUP, AUDIT_GROUPS, canReadAudit } from './access.js';
export { auditTaskActions, taskOperationEntry, type RecordedTaskAction, type TaskOperation } from './task-operations.js';
export { engineRestAudit } from './engine-rest-audit.js';
