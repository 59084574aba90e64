import type { Principal } from '../auth/tokens.js';
import type { CreateGroupInput } from '../identity/identity.service.js';
import { can } from '../jurisdiction/roles.js';

/** The group of auditors (审计员): they read and verify the audit log and nothing else of it. */
export const AUDITOR_GROUP = 'auditor';

/** Groups the audit log relies on, created at start when missing. */
export const AUDIT_GROUPS: readonly CreateGroupInput[] = [{ id: AUDITOR_GROUP, name: '审计员', type: 'SYSTEM' }];

/** Whether the caller may read and verify the audit log: the roles with `audit.read` (administrators, auditors). */
export function canReadAudit(principal: Principal): boolean {
  return can(principal, 'audit.read');
}
