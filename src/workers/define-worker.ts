import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import type { Topic } from './topics.js';

/** What a handler gets besides its input: the process context it runs in. */
export interface TaskContext {
  processInstanceId: string;
  businessKey: string | null;
  activityId: string;
  /** Stable key for side effects that must happen once even when a task is delivered twice. */
  idempotencyKey: string;
}

/** A worker: one topic, the variables it needs (validated), and a handler returning output variables. */
export interface WorkerDefinition<I, D> {
  topic: Topic;
  /** Schema of the input variables; only these variables are fetched. */
  input: z.ZodType<I>;
  /**
   * The BPMN error codes the handler may throw as `BusinessRuleError`s. Every model using the topic must catch each
   * of them around the task (checked before a deploy); an undeclared code raises an incident instead.
   */
  errors?: readonly ErrorCode[];
  /** Maximum attempts for operational (transient) failures before an incident; default 3. */
  retries?: number;
  /** Lock duration in ms; default 60 s. */
  lockDuration?: number;
  handle(input: I, deps: D, context: TaskContext): Promise<Record<string, unknown>>;
}

/** Declares a worker; the identity function exists for type inference. */
export function defineWorker<I, D>(definition: WorkerDefinition<I, D>): WorkerDefinition<I, D> {
  return definition;
}
