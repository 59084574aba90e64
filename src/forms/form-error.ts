/**
 * The error a rejected form submission becomes: a `ValidationError` (400, `VALIDATION_FAILED`) whose
 * `details.issues` carry each problem's path, message and stable `code`, so the API's error mapping needs nothing
 * form-specific.
 */

import { ValidationError } from '../errors.js';
import type { FormDefinition } from './form-definition.js';
import {
  validateSubmission,
  type SubmissionIssue,
  type ValidateSubmissionOptions,
} from './validate-submission.js';

/** A submission does not satisfy its form (400, `VALIDATION_FAILED`); `issues` lists every problem found. */
export class FormValidationError extends ValidationError {
  constructor(
    /** Id of the form the submission was validated against. */
    readonly formId: string,
    issues: SubmissionIssue[],
  ) {
    const count = issues.length;
    super(`The submission of form "${formId}" has ${count} problem${count === 1 ? '' : 's'}`, issues);
  }

  /** The problems found, each with its stable `code`. */
  override get issues(): SubmissionIssue[] {
    return super.issues as SubmissionIssue[];
  }
}

/**
 * Validates `data` against `form` (see `validateSubmission`) and returns the accepted values; throws a
 * {@link FormValidationError} with every problem when there is any.
 */
export function assertValidSubmission(
  form: FormDefinition,
  data: unknown,
  options: ValidateSubmissionOptions = {},
): Record<string, unknown> {
  const { values, issues } = validateSubmission(form, data, options);
  if (issues.length > 0) throw new FormValidationError(form.id, issues);
  return values;
}
