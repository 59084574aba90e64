/**
 * form-js forms on the server: parsing form definitions, validating submissions against them, and the PRC
 * identity-number and credit-code checks their fields can ask for.
 */

export {
  DISPLAY_TYPES,
  FormDefinitionError,
  INPUT_FIELD_TYPES,
  parseFormDefinition,
  type ChecksumKind,
  type ComponentBase,
  type DataShape,
  type DisplayType,
  type FieldOption,
  type FieldType,
  type FieldValidation,
  type FormComponent,
  type FormDefinition,
  type FormDisplay,
  type FormField,
  type FormGroup,
  type FormList,
  type InputFieldType,
  type Limit,
  type ParseFormOptions,
} from './form-definition.js';
export {
  validateSubmission,
  type SubmissionIssue,
  type SubmissionIssueCode,
  type SubmissionResult,
  type ValidateSubmissionOptions,
} from './validate-submission.js';
export { FormValidationError, assertValidSubmission } from './form-error.js';
export { loadFormsFromDirectory } from './form-store.js';
export {
  birthDateOf,
  checkResidentId,
  isValidResidentId,
  residentIdCheckChar,
  sexOf,
  type ResidentIdCheck,
  type ResidentIdOptions,
  type ResidentIdProblem,
} from './resident-id.js';
export {
  REGISTRATION_AUTHORITIES,
  checkCreditCode,
  creditCodeCheckChar,
  creditCodeParts,
  isValidCreditCode,
  type CreditCodeCheck,
  type CreditCodeParts,
  type CreditCodeProblem,
} from './credit-code.js';
