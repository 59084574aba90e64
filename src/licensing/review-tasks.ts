import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { EngineRequestError } from '../engine-client/engine-client.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { fromTypedVariables, taskWithIsoDates, toTypedVariables } from '../engine-client/variables.js';
import { localize } from '../language.js';

/** An engine task as the REST API returns it (the fields used here). */
export interface EngineTask {
  id: string;
  name: string;
  assignee: string | null;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
  created: string;
  due: string | null;
  formKey?: string | null;
  camundaFormRef?: { key: string } | null;
}

/** Validates a task form submission; throws a 400 naming the fields at fault. */
export interface TaskFormValidator {
  validate(form: unknown, data: unknown, context: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** A task with everything its handler needs to decide. */
export interface TaskDetail {
  task: EngineTask;
  form: unknown;
  variables: Record<string, unknown>;
}

/**
 * Human steps of the procedures, done by officers through forms: a task is read and completed only by its
 * assignee or, while unassigned, by a member of one of its candidate groups; every submission is validated
 * against the task's deployed form before it reaches the engine, and the engine is called as the officer, so
 * its history names them.
 */
export class ReviewTasks {
  constructor(
    private readonly engineAs: (authorization: string) => EngineClient,
    private readonly forms: TaskFormValidator,
  ) {}

  /** The task, its form and the process variables, for an officer allowed to act on it. */
  async get(principal: Principal, authorization: string, taskId: string): Promise<TaskDetail> {
    const engine = this.engineAs(authorization);
    const task = await this.allowedTask(engine, principal, taskId);
    const form = await engine.request<unknown>('GET', `/task/${encodeURIComponent(taskId)}/deployed-form`);
    const variables = await plainVariables(engine, task.processInstanceId);
    return { task: taskWithIsoDates(task), form, variables };
  }

  /**
   * Validates `values` against the task's form, claims the task for the caller when it is unassigned and
   * completes it with the validated values as process variables.
   */
  async complete(principal: Principal, authorization: string, taskId: string, values: unknown): Promise<{ variables: Record<string, unknown> }> {
    const engine = this.engineAs(authorization);
    const task = await this.allowedTask(engine, principal, taskId);
    const form = await engine.request<unknown>('GET', `/task/${encodeURIComponent(taskId)}/deployed-form`);
    const context = await plainVariables(engine, task.processInstanceId);
    const validated = await this.forms.validate(form, values, context);
    if (!task.assignee) await engine.request('POST', `/task/${encodeURIComponent(taskId)}/claim`, { userId: principal.userId });
    await engine.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, { variables: toTypedVariables(validated) });
    return { variables: validated };
  }

  // helpers ////

  private async allowedTask(engine: EngineClient, principal: Principal, taskId: string): Promise<EngineTask> {
    let task: EngineTask;
    try {
      task = await engine.request<EngineTask>('GET', `/task/${encodeURIComponent(taskId)}`);
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) throw new NotFoundError('NOT_FOUND', localize(`Task ${taskId} does not exist`, `任务 ${taskId} 不存在`));
      throw error;
    }
    if (task.assignee) {
      if (task.assignee !== principal.userId) throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is assigned to someone else`, '该任务已由他人办理'));
      return task;
    }
    const links = await engine.request<Array<{ type: string; groupId: string | null; userId: string | null }>>('GET', `/task/${encodeURIComponent(taskId)}/identity-links`);
    const allowed = links.some((l) => l.type === 'candidate' && ((l.groupId !== null && principal.groupIds.includes(l.groupId)) || l.userId === principal.userId));
    if (!allowed) throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is not for your groups`, '该任务不属于您所在岗位办理'));
    return task;
  }
}

async function plainVariables(engine: EngineClient, processInstanceId: string): Promise<Record<string, unknown>> {
  return fromTypedVariables(await engine.request<Record<string, { value: unknown; type: string }>>('GET', `/process-instance/${encodeURIComponent(processInstanceId)}/variables`));
}
