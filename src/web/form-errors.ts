import type { FormInstance } from 'antd';
import i18next from 'i18next';
import { ApiError, fieldIssues, problemText } from './api';

/** What {@link placeFieldIssues} could not place beside a field, as one text; null when every problem was placed. */
export type UnplacedProblems = string | null;

/**
 * Puts the field problems of a refused request (`VALIDATION_FAILED` with `details.issues`) beside the fields of `form`
 * they name: a server path such as `party.name` goes to the form field `['party', 'name']` when `fields` lists it, or
 * to the field `fields` maps it to (`{ regionCode: 'district' }`). Returns the text of what could not be placed — other
 * paths, or the whole error when it names no field (a 409, a lost connection) — for an alert above the form.
 */
export function placeFieldIssues(
  form: FormInstance,
  error: unknown,
  fields: readonly string[] | Readonly<Record<string, string>>,
  texts: { network: string; unknown: string },
): UnplacedProblems {
  const issues = fieldIssues(error);
  const target = (path: string): string | null => (Array.isArray(fields) ? (fields.includes(path) ? path : null) : ((fields as Record<string, string>)[path] ?? null));
  const placed: Array<{ name: string[]; errors: string[] }> = [];
  const unplaced: string[] = [];
  for (const issue of issues) {
    const field = target(issue.path);
    if (field) placed.push({ name: field.split('.'), errors: [issue.message] });
    else unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  form.setFields(placed);
  if (unplaced.length > 0) return unplaced.join('；');
  if (issues.length > 0) return null;
  if (error instanceof ApiError && error.status === 0) return texts.network;
  return error instanceof Error ? problemText(error, i18next.t) : texts.unknown;
}
