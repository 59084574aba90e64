import { Variables, type Task, type TaskService } from 'camunda-external-task-client-js';
import { AppError, BusinessRuleError, OperationalError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { WorkerDefinition } from './define-worker.js';

/** How one fetched task ended, for logs and tests. */
export type TaskOutcome =
  | { kind: 'completed' }
  | { kind: 'bpmnError'; code: string }
  | { kind: 'retry'; retries: number; retryTimeout: number }
  | { kind: 'incident'; reason: string };

/**
 * Runs one fetched external task through its worker definition and ends it with exactly one engine call:
 * `complete` with the handler's output; `handleBpmnError` for a `BusinessRuleError` whose code the definition
 * declares (its code is a BPMN error code; an undeclared one is an incident); `handleFailure` with one retry fewer and exponential backoff for an `OperationalError`; and
 * `handleFailure` with no retries left — an incident operators see — for invalid input or any other error.
 */
export async function runTask<I, D>(
  definition: WorkerDefinition<I, D>,
  deps: D,
  task: Task,
  taskService: TaskService,
  logger: Logger,
): Promise<TaskOutcome> {
  const started = Date.now();
  const log = logger.child({ topic: definition.topic, taskId: task.id, processInstanceId: task.processInstanceId, businessKey: task.businessKey });
  const outcome = await decide(definition, deps, task);
  try {
    switch (outcome.result.kind) {
      case 'completed':
        await taskService.complete(task, toVariables(outcome.variables));
        break;
      case 'bpmnError':
        await taskService.handleBpmnError(task, outcome.result.code, outcome.message, toVariables(outcome.variables));
        break;
      case 'retry':
        await taskService.handleFailure(task, { errorMessage: outcome.message, errorDetails: outcome.details, retries: outcome.result.retries, retryTimeout: outcome.result.retryTimeout });
        break;
      case 'incident':
        await taskService.handleFailure(task, { errorMessage: outcome.message, errorDetails: outcome.details, retries: 0, retryTimeout: 0 });
        break;
    }
  } catch (error) {
    log.error('engine call that ends the task failed; the lock will expire and the task be fetched again', { error: String(error) });
    throw error;
  }
  const level = outcome.result.kind === 'incident' ? 'error' : outcome.result.kind === 'retry' ? 'warn' : 'info';
  log[level]('external task handled', { outcome: outcome.result, durationMs: Date.now() - started });
  return outcome.result;
}

// helpers ////

interface Decision {
  result: TaskOutcome;
  variables: Record<string, unknown>;
  message: string;
  details: string;
}

async function decide<I, D>(definition: WorkerDefinition<I, D>, deps: D, task: Task): Promise<Decision> {
  const raw = Object.fromEntries(Object.entries(task.variables.getAll()).filter(([, v]) => v !== null));
  const parsed = definition.input.safeParse(raw);
  if (!parsed.success) {
    const message = `Invalid input variables for topic '${definition.topic}': ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`;
    return { result: { kind: 'incident', reason: 'invalid input' }, variables: {}, message, details: message };
  }
  try {
    const variables = await definition.handle(parsed.data, deps, {
      processInstanceId: task.processInstanceId,
      businessKey: task.businessKey,
      activityId: task.activityId,
      idempotencyKey: `${task.processInstanceId}:${task.activityId}:${typeof task['activityInstanceId'] === 'string' ? task['activityInstanceId'] : task.id}`,
    });
    return { result: { kind: 'completed' }, variables, message: '', details: '' };
  } catch (error) {
    if (error instanceof BusinessRuleError && !(definition.errors ?? []).includes(error.code)) {
      const message = `The worker of topic '${definition.topic}' threw BPMN error '${error.code}', which it does not declare (WorkerDefinition.errors), so no model is known to catch it: ${error.message}`;
      return { result: { kind: 'incident', reason: 'undeclared BPMN error' }, variables: {}, message, details: stackOf(error) };
    }
    if (error instanceof BusinessRuleError) {
      return { result: { kind: 'bpmnError', code: error.code }, variables: error.details ?? {}, message: error.message, details: '' };
    }
    if (error instanceof OperationalError || isTransientDatabaseError(error)) {
      const maxAttempts = definition.retries ?? 3;
      const remaining = (task.retries ?? maxAttempts) - 1;
      if (remaining > 0) {
        const attempt = maxAttempts - remaining;
        return { result: { kind: 'retry', retries: remaining, retryTimeout: backoff(attempt) }, variables: {}, message: messageOf(error), details: stackOf(error) };
      }
      return { result: { kind: 'incident', reason: 'retries exhausted' }, variables: {}, message: messageOf(error), details: stackOf(error) };
    }
    const message = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error)?.message ?? String(error);
    return { result: { kind: 'incident', reason: 'unexpected error' }, variables: {}, message, details: stackOf(error) };
  }
}

/** Database errors a retry can cure: deadlocks and lock timeouts (MySQL/MariaDB), a busy or locked SQLite file. */
function isTransientDatabaseError(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown; errno?: unknown } } | null)?.driverError ?? (error as { code?: unknown; errno?: unknown } | null);
  const code = typeof driver?.code === 'string' ? driver.code : '';
  return ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED'].includes(code) || driver?.errno === 1213 || driver?.errno === 1205;
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at 10 minutes. */
function backoff(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 600_000);
}

function toVariables(values: Record<string, unknown>): Variables {
  const vars = new Variables();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) vars.set(k, v);
  return vars;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
