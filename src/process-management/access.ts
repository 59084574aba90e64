import type { Principal } from '../auth/tokens.js';
import type { CreateGroupInput } from '../identity/identity.service.js';
import { can } from '../jurisdiction/index.js';

/** The group of process managers (流程管理员): they lint, deploy, compare, suspend and activate process versions. */
export const PROCESS_MANAGER_GROUP = 'process-manager';

/** The group of engine operators (流程引擎运维): they use the engine's REST API (incidents, retries, Cockpit-style tools). */
export const ENGINE_OPERATOR_GROUP = 'engine-operator';

/** Groups the process management relies on, created at start when missing. */
export const PROCESS_MANAGEMENT_GROUPS: readonly CreateGroupInput[] = [
  { id: PROCESS_MANAGER_GROUP, name: '流程管理员', type: 'SYSTEM' },
  { id: ENGINE_OPERATOR_GROUP, name: '流程引擎运维', type: 'SYSTEM' },
];

/**
 * Whether the caller may manage process models and their versions: process managers (`process-manager`) and
 * administrators (`admin`, `camunda-admin`), as the permission table grants `process.manage`.
 */
export function mayManageProcesses(principal: Principal): boolean {
  return can(principal, 'process.manage');
}
