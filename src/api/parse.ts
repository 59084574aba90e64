import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';

/**
 * Validates `input` (a request body, query or parameters) against `schema` and returns the parsed value; throws
 * `ValidationError` (`VALIDATION_FAILED`) naming each offending field otherwise. `what` names the input in the
 * message, e.g. `request body`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`Invalid ${what}: ${summary}`, issues);
}
