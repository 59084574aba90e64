import { ValidationError } from '../../../src/errors.js';
import { FormValidationError, assertValidSubmission, parseFormDefinition } from '../../../src/forms/index.js';

const form = parseFormDefinition({
  id: 'review',
  components: [
    {
      type: 'radio',
      key: 'decision',
      label: '审查意见',
      values: [{ value: 'approve' }, { value: 'refuse' }],
      validate: { required: true },
    },
    { type: 'textarea', key: 'reason', label: '理由', validate: { required: true } },
  ],
});

describe('assertValidSubmission', () => {
  it('returns the values of a valid submission', () => {
    expect(assertValidSubmission(form, { decision: 'approve', reason: '材料齐全' })).toEqual({
      decision: 'approve',
      reason: '材料齐全',
    });
  });

  it('throws a 400 VALIDATION_FAILED error listing every issue with its code', () => {
    let thrown: unknown;
    try {
      assertValidSubmission(form, { decision: 'maybe' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FormValidationError);
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as FormValidationError;
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.expose).toBe(true);
    expect(error.formId).toBe('review');
    expect(error.message).toBe('The submission of form "review" has 2 problems');
    expect(error.issues).toEqual([
      { path: 'decision', code: 'option', message: '"审查意见" must be one of the offered options; "maybe" is not.' },
      { path: 'reason', code: 'required', message: '"理由" is required.' },
    ]);
    expect(error.details).toEqual({ issues: error.issues });
  });
});
