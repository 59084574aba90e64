import type { Principal } from '../auth/tokens.js';

/** Group of every company or unit account that applies and files. */
export const APPLICANT_GROUP = 'applicant';

/** Prefixes of the officers' groups of the licensing procedures; the suffix is a city code (e.g. `permit-reviewer-440100`). */
export const OFFICER_GROUP_PREFIXES = ['permit-reviewer-', 'permit-approver-', 'filing-reviewer-', 'guard-reviewer-', 'leader-', 'tip-intake-', 'station-', 'squad-', 'case-', 'legal-'] as const;

/** Whether the caller is an officer who may read every application (jurisdiction filtering comes with the workbench). */
export function isOfficer(principal: Principal): boolean {
  return principal.groupIds.some((g) => g === 'admin' || g === 'camunda-admin' || OFFICER_GROUP_PREFIXES.some((p) => g.startsWith(p)));
}

/** Whether the caller is a company or unit account. */
export function isApplicant(principal: Principal): boolean {
  return principal.groupIds.includes(APPLICANT_GROUP);
}

/** Whether the caller administers the system (records register, accounts). */
export function isAdmin(principal: Principal): boolean {
  return principal.groupIds.includes('admin');
}
