import type { z } from 'zod';
import { zhCN } from 'zod/v4/locales';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { currentLanguage } from '../language.js';

/** zod's own Chinese messages (`Too small…` → `数值过小…`), for requests in Chinese; a schema's own `error` still wins. */
const ZOD_CHINESE = zhCN().localeError;

/**
 * Validates `input` (a request body, query or parameters) against `schema` and returns the parsed value; throws
 * `ValidationError` (`VALIDATION_FAILED`) naming each offending field otherwise, the issues worded in the request's
 * language (the error handler words the summary). `what` names the input in the English message, e.g. `request body`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  // English keeps zod's default messages; Chinese passes zod's zh-CN locale as the per-parse error map, which ranks
  // below a schema's own `error` (those are bilingual) and above the global English locale
  const result = currentLanguage() === 'zh-CN' ? schema.safeParse(input, { error: ZOD_CHINESE }) : schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`Invalid ${what}: ${summary}`, issues);
}
