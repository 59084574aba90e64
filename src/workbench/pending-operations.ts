import { randomUUID } from 'node:crypto';
import { In, LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { EngineClient } from '../engine-client/engine-client.js';
import { engineDate } from '../engine-client/variables.js';
import type { Logger } from '../logger.js';
import { PeriodicPass } from './periodic-pass.js';
import { TaskActionEntity, type TaskAction } from './workbench.entity.js';

/** The task an operation record names. */
export interface RecordedTask {
  id: string;
  name: string | null;
  processInstanceId: string;
  taskDefinitionKey: string;
}

/** A task operation to record: who did what to which task, to whom, with which approval comment. */
export interface TaskOperation {
  task: RecordedTask;
  action: TaskAction;
  actor: string;
  target: string | null;
  comment: string | undefined;
}

/** Called for every confirmed operation inside the transaction that confirms it (the audit log hooks in here). */
export type OnAction = (action: TaskActionEntity, manager: EntityManager) => Promise<void>;

/**
 * Stores operations in one transaction, in `state` (`done` ones with their audit entries). Operations of one case
 * get distinct, increasing times even within one millisecond, so its history reads in the order things happened.
 */
export async function storeOperations(dataSource: DataSource, operations: TaskOperation[], state: 'pending' | 'done', now: Date, onAction?: OnAction): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(TaskActionEntity);
    const ids: string[] = [];
    for (const { task, action, actor, target, comment } of operations) {
      const last = await repo.findOne({ where: { processInstanceId: task.processInstanceId }, order: { at: 'DESC' } });
      const at = last && last.at.getTime() >= now.getTime() ? new Date(last.at.getTime() + 1) : now;
      const entity = Object.assign(new TaskActionEntity(), {
        id: randomUUID(), taskId: task.id, processInstanceId: task.processInstanceId, taskName: task.name, activityId: task.taskDefinitionKey,
        action, actor, target: target?.slice(0, 255) ?? null, comment: comment ?? null, at, state,
      });
      await repo.insert(entity);
      if (state === 'done') await onAction?.(entity, manager);
      ids.push(entity.id);
    }
    return ids;
  });
}

/** Marks pending operations done and appends their audit entries, in one transaction; those no longer pending are left alone. */
export async function confirmOperations(dataSource: DataSource, ids: string[], onAction?: OnAction): Promise<void> {
  if (!ids.length) return;
  await dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(TaskActionEntity);
    for (const entity of await repo.find({ where: { id: In(ids), state: 'pending' }, order: { at: 'ASC', id: 'ASC' } })) {
      const { affected } = await repo.update({ id: entity.id, state: 'pending' }, { state: 'done' });
      if (!affected) continue;
      entity.state = 'done';
      await onAction?.(entity, manager);
    }
  });
}

/** Drops pending operations whose engine change did not happen. */
export async function dropOperations(dataSource: DataSource, ids: string[]): Promise<void> {
  if (ids.length) await dataSource.getRepository(TaskActionEntity).delete({ id: In(ids), state: 'pending' });
}

/**
 * Which entries of the engine's user operation log show that an operation's change happened: their operation types,
 * and whether they are found by the task or by the process instance (process-instance modification).
 */
const WITNESSES: Partial<Record<TaskAction, { operationTypes: readonly string[]; by: 'task' | 'processInstance' }>> = {
  'claim': { operationTypes: ['Claim'], by: 'task' },
  'unclaim': { operationTypes: ['Assign'], by: 'task' },
  'transfer': { operationTypes: ['Assign', 'Claim'], by: 'task' },
  'delegate': { operationTypes: ['Delegate'], by: 'task' },
  'resolve': { operationTypes: ['Resolve'], by: 'task' },
  'complete': { operationTypes: ['Complete'], by: 'task' },
  'send-back': { operationTypes: ['ModifyProcessInstance'], by: 'processInstance' },
  'withdraw': { operationTypes: ['ModifyProcessInstance'], by: 'processInstance' },
};

/** What {@link PendingOperations} needs. */
export interface PendingOperationsDeps {
  dataSource: DataSource;
  /** The engine's REST API as the service account. */
  engine: EngineClient;
  now: () => Date;
  onAction?: OnAction;
  logger: Logger;
  /** How old a pending operation must be before it is taken for interrupted (its request has surely ended). */
  graceSeconds: number;
  /** How far the engine's clock may be behind ours when its log is searched for the change. */
  clockSkewSeconds: number;
}

/**
 * Reconciles the task operations a crash left pending between the engine change and its record: an operation
 * whose change the engine's user operation log shows (an entry of the right type on the task or case since the
 * operation began) is confirmed with its audit entry; one whose change did not happen is dropped. Works over the
 * REST API, so with a remote engine too, provided it keeps the user operation log (history level `full`).
 */
export class PendingOperations extends PeriodicPass<{ confirmed: number; dropped: number }> {
  constructor(private readonly deps: PendingOperationsDeps) {
    super();
  }

  /** Reconciles every pending operation older than the grace period; answers how many were confirmed and dropped. */
  protected async pass(): Promise<{ confirmed: number; dropped: number }> {
    const repo = this.deps.dataSource.getRepository(TaskActionEntity);
    const before = new Date(this.deps.now().getTime() - this.deps.graceSeconds * 1000);
    const pending = await repo.find({ where: { state: 'pending', at: LessThan(before) }, order: { at: 'ASC', id: 'ASC' }, take: 500 });
    let confirmed = 0;
    let dropped = 0;
    for (const operation of pending) {
      if (await this.happened(operation)) {
        await confirmOperations(this.deps.dataSource, [operation.id], this.deps.onAction);
        this.deps.logger.warn('task operation confirmed by reconciliation', { id: operation.id, action: operation.action, taskId: operation.taskId, actor: operation.actor });
        confirmed++;
      } else {
        await dropOperations(this.deps.dataSource, [operation.id]);
        this.deps.logger.warn('interrupted task operation dropped: the engine shows no change', { id: operation.id, action: operation.action, taskId: operation.taskId, actor: operation.actor });
        dropped++;
      }
    }
    return { confirmed, dropped };
  }

  /** Whether the engine's user operation log shows the operation's change since it began. */
  private async happened(operation: TaskActionEntity): Promise<boolean> {
    const witness = WITNESSES[operation.action];
    if (!witness) return false;
    const params = new URLSearchParams({ afterTimestamp: engineDate(new Date(operation.at.getTime() - this.deps.clockSkewSeconds * 1000)) });
    if (witness.by === 'task') params.set('taskId', operation.taskId);
    else params.set('processInstanceId', operation.processInstanceId);
    const entries = await this.deps.engine.request<Array<{ operationType: string }>>('GET', `/history/user-operation?${params.toString()}`);
    return entries.some((e) => witness.operationTypes.includes(e.operationType));
  }
}
