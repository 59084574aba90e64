import type { Principal } from '../auth/tokens.js';
import { can, type Permission } from '../jurisdiction/index.js';
import type { ProcedureIndex, ProcedureRow } from './procedure-index.js';

/** The permission that reads each kind of procedure. */
const READ_PERMISSION: Record<ProcedureRow['kind'], Permission> = {
  'application': 'application.read',
  'tip': 'tip.read',
  'inspection': 'inspection.read',
  'admin-case': 'case.read',
  'criminal-case': 'case.read',
  'revocation': 'application.read',
};

/**
 * Whether the caller may read what belongs to a process instance (its documents, its file): an officer who reads
 * that kind of procedure in its jurisdiction or above. Instances not started through the API are for nobody.
 */
export async function mayReadProcedure(index: ProcedureIndex, principal: Principal, processInstanceId: string | null): Promise<boolean> {
  if (!processInstanceId) return false;
  const row = await index.ofInstance(processInstanceId);
  return row !== null && can(principal, READ_PERMISSION[row.kind], row.jurisdiction);
}
