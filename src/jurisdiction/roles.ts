import type { Principal } from '../auth/tokens.js';
import { contains, isJurisdictionCode } from './jurisdiction-code.js';

/** Roles of the system. Complainants have no account: they act through the public portal with a tracking code. */
export const ROLES = [
  'applicant', 'station-officer', 'intake-officer', 'permit-reviewer', 'case-officer', 'legal-officer', 'leader',
  'process-manager', 'engine-operator', 'auditor', 'administrator', 'worker',
] as const;

/** A role of the system. */
export type Role = (typeof ROLES)[number];

/** What a role may do; each permission is checked against a jurisdiction where the subject has one. */
export const PERMISSIONS = [
  'workbench',            // task list and task operations on the caller's own tasks
  'application.read',     // applications, permits, certificates and their documents
  'certificate.revoke',   // propose revoking a guard certificate (吊销保安员证) issued in the jurisdiction
  'tip.read',             // tips (never the complainant's identity)
  'tip.identity.read',    // the complainant's identity (logged)
  'tip.intake',           // register tips received by phone or at the window
  'inspection.read',
  'inspection.start',
  'case.read',            // administrative and criminal cases, their files and documents
  'case.open',
  'case.approve',         // record a higher organ's approval on a case (extension of its time limit)
  'supervision.read',     // clocks, overdue lists, figures and every task in the jurisdiction
  'process.manage',       // deploy, suspend and compare process versions
  'audit.read',
  'user.manage',          // users, groups and the jurisdiction tree
  'records.manage',       // the records register for background checks
  'calendar.manage',      // the holiday arrangements the statutory clocks count working days with (节假日安排)
  'incident.manage',      // the stopped steps of running procedures (流程异常): read them, send them again
  'engine-rest',          // the engine's REST API
] as const;

/** A permission of the permission table. */
export type Permission = (typeof PERMISSIONS)[number];

/** One row of the permission table: how a role is recognised among a caller's groups and what it may do. */
export interface RoleDefinition {
  role: Role;
  /** Chinese name shown to people. */
  name: string;
  /** Group ids `<prefix><jurisdiction code>` give the role in that jurisdiction. */
  groupPrefixes: readonly string[];
  /** Group ids that give the role for the whole installation. */
  globalGroups: readonly string[];
  permissions: readonly Permission[];
}

/** The permission table. A caller's roles come from its groups; a jurisdiction-bound group scopes its permissions. */
export const ROLE_TABLE: readonly RoleDefinition[] = [
  { role: 'applicant', name: '申请单位', groupPrefixes: [], globalGroups: ['applicant'], permissions: [] },
  { role: 'station-officer', name: '派出所民警', groupPrefixes: ['station-', 'squad-'], globalGroups: [], permissions: ['workbench', 'tip.read', 'inspection.read', 'inspection.start'] },
  { role: 'intake-officer', name: '受理民警', groupPrefixes: ['tip-intake-'], globalGroups: [], permissions: ['workbench', 'tip.read', 'tip.identity.read', 'tip.intake'] },
  { role: 'permit-reviewer', name: '审批民警', groupPrefixes: ['permit-reviewer-', 'permit-approver-', 'filing-reviewer-', 'guard-reviewer-'], globalGroups: [], permissions: ['workbench', 'application.read', 'certificate.revoke'] },
  { role: 'case-officer', name: '办案民警', groupPrefixes: ['case-'], globalGroups: [], permissions: ['workbench', 'case.read', 'case.open', 'inspection.read', 'tip.read'] },
  { role: 'legal-officer', name: '法制员', groupPrefixes: ['legal-'], globalGroups: [], permissions: ['workbench', 'case.read', 'case.open'] },
  { role: 'leader', name: '领导', groupPrefixes: ['leader-'], globalGroups: [], permissions: ['workbench', 'application.read', 'tip.read', 'tip.identity.read', 'inspection.read', 'inspection.start', 'case.read', 'case.open', 'case.approve', 'supervision.read'] },
  { role: 'process-manager', name: '流程管理员', groupPrefixes: [], globalGroups: ['process-manager'], permissions: ['process.manage', 'incident.manage'] },
  // the engine's REST API reads and changes every task and variable of the installation, so it is a role of its own
  // (incidents, retries, Cockpit-style tools), apart from the managers who design procedures
  { role: 'engine-operator', name: '流程引擎运维', groupPrefixes: [], globalGroups: ['engine-operator'], permissions: ['engine-rest', 'incident.manage'] },
  { role: 'auditor', name: '审计员', groupPrefixes: [], globalGroups: ['auditor'], permissions: ['audit.read'] },
  { role: 'administrator', name: '系统管理员', groupPrefixes: [], globalGroups: ['admin', 'camunda-admin'], permissions: ['user.manage', 'records.manage', 'calendar.manage', 'incident.manage', 'audit.read', 'process.manage', 'supervision.read', 'engine-rest'] },
  { role: 'worker', name: '外部任务执行器', groupPrefixes: [], globalGroups: ['worker'], permissions: ['engine-rest'] },
];

/** Where a caller holds a role: a jurisdiction code, or `'*'` for the whole installation. */
export interface RoleGrant {
  role: Role;
  scope: string;
  group: string;
}

/** The roles a caller holds, each with the jurisdiction it covers. Groups that match no row give nothing. */
export function grantsOf(principal: Principal): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const group of principal.groupIds) {
    for (const row of ROLE_TABLE) {
      if (row.globalGroups.includes(group)) grants.push({ role: row.role, scope: '*', group });
      const prefix = row.groupPrefixes.find((p) => group.startsWith(p));
      if (prefix && isJurisdictionCode(group.slice(prefix.length))) grants.push({ role: row.role, scope: group.slice(prefix.length), group });
    }
  }
  return grants;
}

/** The jurisdictions in which the caller holds `permission`; `'*'` stands for everywhere. */
export function scopesOf(principal: Principal, permission: Permission): string[] {
  const scopes = new Set<string>();
  for (const grant of grantsOf(principal)) {
    const row = ROLE_TABLE.find((r) => r.role === grant.role);
    if (row?.permissions.includes(permission)) scopes.add(grant.scope);
  }
  return [...scopes];
}

/**
 * Whether the caller holds `permission` for a subject in jurisdiction `code` (its jurisdiction or one above);
 * without `code`, whether it holds the permission anywhere.
 */
export function can(principal: Principal, permission: Permission, code?: string | null): boolean {
  const scopes = scopesOf(principal, permission);
  if (code === undefined) return scopes.length > 0;
  return scopes.some((s) => s === '*' || (code !== null && contains(s, code)));
}

/** Whether any of the caller's roles is an officer's (a jurisdiction-bound police role). */
export function isOfficerPrincipal(principal: Principal): boolean {
  return grantsOf(principal).some((g) => g.scope !== '*');
}
