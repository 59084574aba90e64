/**
 * The application's error hierarchy. Errors are split by who must act (n8n's taxonomy): the caller
 * (`UserError` and its subclasses, exposed to clients), the operator (`OperationalError`, transient) or a
 * developer (`UnexpectedError`, a bug). Each error carries a stable {@link ErrorCode} that clients and BPMN
 * error events can rely on; the English message may change.
 */

/** Stable, machine-readable error codes. Tests and clients assert these, never the message text. */
export type ErrorCode =
  // authentication and authorisation
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PASSWORD_CHANGE_REQUIRED'
  // request shape
  | 'VALIDATION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'BAD_REQUEST'
  // resources
  | 'NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'GROUP_NOT_FOUND'
  | 'USER_EXISTS'
  | 'GROUP_EXISTS'
  | 'CONFLICT'
  // business rules
  | 'BUSINESS_RULE_VIOLATED'
  | 'GREETING_NAME_BLANK'
  // register of disqualifying records (src/records)
  | 'RECORD_NOT_FOUND'
  | 'RECORD_DUPLICATE'
  | 'RECORDS_IMPORT_INVALID'
  | 'RECORDS_IMPORT_TOO_LARGE'
  | 'RESIDENT_ID_INVALID'
  // official documents (src/documents)
  | 'DOCUMENT_DATA_INVALID'
  | 'DOCUMENT_TYPE_UNKNOWN'
  | 'DOCUMENT_FONT_UNAVAILABLE'
  // form-js forms (src/forms)
  | 'FORM_INVALID'
  // statutory clocks and the working-day calendar (src/clocks)
  | 'CALENDAR_YEAR_NOT_COVERED'
  | 'HOLIDAY_CALENDAR_INVALID'
  | 'CLOCK_RULES_INVALID'
  | 'CLOCK_PAUSES_INVALID'
  // workbench and jurisdiction (src/workbench, src/jurisdiction)
  | 'JURISDICTION_EXISTS'
  | 'SEND_BACK_TARGET_INVALID'
  | 'WITHDRAW_NOT_ALLOWED'
  | 'TASK_TARGET_NOT_ELIGIBLE'
  | 'URGE_TOO_SOON'
  | 'TOO_MANY_ATTEMPTS'
  | 'TASK_ALREADY_CLAIMED'
  // criminal cases (src/cases)
  | 'SUPPLEMENTARY_INVESTIGATION_LIMIT'
  // audit log (src/audit)
  | 'AUDIT_LOG_UNAVAILABLE'
  // process models and their versions (src/process-management)
  | 'PROCESS_MODEL_REJECTED'
  | 'PROCESS_VERSION_NOT_FOUND'
  | 'PROCEDURE_SUSPENDED'
  | 'FORM_NOT_FOUND'
  // infrastructure and bugs
  | 'SERVICE_UNAVAILABLE'
  | 'RESPONSE_CONTRACT_VIOLATED'
  | 'INTERNAL_ERROR';

/** Who must act on an error: the caller, the operator, or a developer. */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

/** Extra structured data attached to an error; for `ValidationError` it holds `issues`. */
export type ErrorDetails = Record<string, unknown>;

/** One problem in a rejected input, as reported in `details.issues` of a `VALIDATION_FAILED` response. */
export interface ValidationIssue {
  /** Dotted path of the offending field (`''` for the input as a whole), e.g. `username` or `items.0.name`. */
  path: string;
  message: string;
  /** Stable, machine-readable kind of the problem where the validator sets one, e.g. `required` (src/forms). */
  code?: string;
}

/** Base class of every error the application throws on purpose. */
export abstract class AppError extends Error {
  /** Who must act. */
  abstract readonly kind: ErrorKind;
  /** HTTP status the API answers with. */
  abstract readonly status: number;
  /** Whether `message` may be shown to the caller (Koa's `expose`). */
  abstract readonly expose: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The caller did something wrong (bad input, missing rights, a broken business rule). Its message is shown to
 * the caller; default HTTP status 400.
 */
export class UserError extends AppError {
  readonly kind = 'user' as const;
  readonly expose = true;
  readonly status: number = 400;
}

/** A resource the caller named does not exist (404). */
export class NotFoundError extends UserError {
  override readonly status: number = 404;

  /** Narrows `value` to non-null, throwing a `NotFoundError` with `code` and `message` when it is null or undefined. */
  static assert<T>(value: T | null | undefined, code: ErrorCode, message: string): asserts value is T {
    if (value === null || value === undefined) throw new NotFoundError(code, message);
  }
}

/** The caller's input is malformed; `details.issues` lists each problem (400). */
export class ValidationError extends UserError {
  override readonly status: number = 400;

  constructor(message: string, issues: ValidationIssue[] = [], code: ErrorCode = 'VALIDATION_FAILED') {
    super(code, message, { issues });
  }

  /** The problems found, one per field. */
  get issues(): ValidationIssue[] {
    return (this.details?.['issues'] as ValidationIssue[] | undefined) ?? [];
  }
}

/** The request conflicts with the current state, e.g. a duplicate id or a concurrent change (409). */
export class ConflictError extends UserError {
  override readonly status: number = 409;
}

/** The caller is authenticated but not allowed to do this (403). */
export class ForbiddenError extends UserError {
  override readonly status: number = 403;
}

/** The caller is not authenticated, or its credentials are wrong or expired (401). */
export class UnauthenticatedError extends UserError {
  override readonly status: number = 401;
}

/** The caller repeats an action sooner than allowed (429). */
export class TooManyRequestsError extends UserError {
  override readonly status: number = 429;
}

/** The input is well-formed but a business rule forbids the action (422); in a worker it becomes a BPMN error. */
export class BusinessRuleError extends UserError {
  override readonly status: number = 422;
}

/**
 * A transient failure of something the application depends on (database, engine, mail server). Retrying may
 * help; the message is not shown to callers (503).
 */
export class OperationalError extends AppError {
  readonly kind = 'operational' as const;
  readonly expose = false;
  readonly status: number = 503;
}

/** A bug or a broken invariant. The message is not shown to callers (500). */
export class UnexpectedError extends AppError {
  readonly kind = 'unexpected' as const;
  readonly expose = false;
  readonly status: number = 500;
}

/**
 * An `/api` answer that does not match its documented schema, refused under `API_RESPONSE_CHECK=strict` (a test
 * setting): a bug whose message and details are shown, so that the failing test names the operation and the field.
 */
export class ResponseContractError extends AppError {
  readonly kind = 'unexpected' as const;
  readonly expose = true;
  readonly status: number = 500;
}
