import type { ExecutionRow } from '../persistence/tables.js';
import type { InstanceState } from './instance-state.js';

/**
 * The activity instance id of a scope activity (a sub-process, or an activity with input/output mappings or boundary
 * events) run by the scope execution `scopeExecutionId`: `<activityId>:<scopeExecutionId>`. A scope execution runs one
 * activity instance in its life, so the id can be derived from the tree whenever it is needed (the scope execution's own
 * `actInstId` follows the token that moves inside it).
 */
export function scopeInstanceId(activityId: string, scopeExecutionId: string): string {
  return `${activityId}:${scopeExecutionId}`;
}

/**
 * The activity instance a scope execution stands for: the process instance for the root, else the instance of the
 * scope activity its parent execution is in (the parent waits in that activity while the scope runs). Used as the
 * parent activity instance of everything that starts inside the scope, and for the activity instance tree.
 */
export function scopeActivityInstanceOf(inst: InstanceState, scope: ExecutionRow): string {
  if (scope.id === scope.procInstId) return scope.procInstId;
  const owner = inst.parent(scope);
  return owner?.activityId ? scopeInstanceId(owner.activityId, scope.id) : scope.procInstId;
}

/** True when `e` is the scope execution of a scope activity (not the process instance, not a concurrent token). */
export function isActivityScope(inst: InstanceState, e: ExecutionRow): boolean {
  return e.isScope && e.id !== e.procInstId && !e.isConcurrent && inst.parent(e)?.activityId != null;
}

/**
 * The scope execution that runs the scope activity `scopeActivityId` (null: the process instance) and contains `from`
 * (`from` itself included); null when `from` is not inside an instance of that activity.
 */
export function executionOfScope(inst: InstanceState, from: ExecutionRow, scopeActivityId: string | null): ExecutionRow | null {
  if (scopeActivityId === null) return inst.root;
  for (let cur: ExecutionRow | null = from; cur; cur = inst.parent(cur)) {
    if (isActivityScope(inst, cur) && inst.parent(cur)?.activityId === scopeActivityId) return cur;
  }
  return null;
}
