import type { EntityManager } from 'typeorm';
import type { AuditContext } from './audit-context.js';
import type { AuditEntryInput, AuditLog } from './audit-log.js';

/** An operation on a user task, as the workbench records it in the audit log. */
export interface TaskOperation {
  /**
   * What was done, in kebab-case: `claim`, `unclaim`, `complete`, `send-back`, `transfer`, `delegate`, `resolve`,
   * `withdraw`, `carbon-copy`, `urge`, `comment` …; the entry's action is `task.<operation>`.
   */
  operation: string;
  taskId: string;
  processInstanceId?: string | null;
  /** The task's name as shown, e.g. `初审`. */
  taskName?: string | null;
  /** The task's activity id in the model. */
  activityId?: string | null;
  /** The other party: the new assignee, the step sent back to, the people copied. */
  target?: string | null;
  /** The approval comment given with the operation. */
  comment?: string | null;
}

/**
 * The audit entry of a task operation (action `task.<operation>`, subject `task`/`taskId`), to pass to
 * `AuditLog.append`, best with the transaction that records the operation:
 *
 * ```ts
 * await audit.append(taskOperationEntry(auditContextOf(ctx), { operation: 'complete', taskId, processInstanceId }), manager);
 * ```
 */
export function taskOperationEntry(context: AuditContext, operation: TaskOperation): AuditEntryInput {
  return {
    ...context,
    action: `task.${operation.operation}`,
    subjectType: 'task',
    subjectId: operation.taskId,
    details: {
      processInstanceId: operation.processInstanceId ?? undefined,
      taskName: operation.taskName ?? undefined,
      activityId: operation.activityId ?? undefined,
      target: operation.target ?? undefined,
      comment: operation.comment ?? undefined,
    },
  };
}

/** A task operation as the workbench stores it (`wb_task_action`); its `TaskActionEntity` has this shape. */
export interface RecordedTaskAction {
  taskId: string;
  processInstanceId: string;
  taskName: string | null;
  activityId: string | null;
  /** The operation, e.g. `complete` or `send-back`. */
  action: string;
  /** The user who did it. */
  actor: string;
  target: string | null;
  comment: string | null;
}

/**
 * A recorder for the workbench's task operations (its `onAction` hook): appends `task.<action>` for each, as done
 * by the action's actor, inside `manager`'s transaction when one is given (so that the operation and its entry
 * commit together), in a transaction of its own otherwise.
 */
export function auditTaskActions(audit: Pick<AuditLog, 'append'>): (action: RecordedTaskAction, manager?: EntityManager) => Promise<void> {
  return async (action, manager) => {
    await audit.append(
      taskOperationEntry(
        { actor: action.actor },
        {
          operation: action.action, taskId: action.taskId, processInstanceId: action.processInstanceId, taskName: action.taskName,
          activityId: action.activityId, target: action.target, comment: action.comment,
        },
      ),
      manager,
    );
  };
}
