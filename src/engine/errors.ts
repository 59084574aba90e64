/**
 * Engine exceptions. Each one names the Camunda 7 exception class it stands for (`type`), the HTTP status the
 * REST layer answers with, and the engine error code (`code`, `null` for pure REST-layer errors), so that
 * `/engine-rest` error bodies are `{type, message, code}` exactly as Camunda 7 writes them.
 */
export class EngineException extends Error {
  constructor(
    message: string,
    /** Camunda's exception simple class name, e.g. `ProcessEngineException`. */
    readonly type: string = 'ProcessEngineException',
    /** HTTP status for the REST layer. */
    readonly status: number = 500,
    /** Camunda engine error code: 0 by default, `null` for REST-layer validation errors. */
    readonly code: number | null = 0,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = type;
  }
}

/** A generic engine failure (500). */
export class ProcessEngineException extends EngineException {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ProcessEngineException', 500, 0, options);
  }
}

/** A required value was missing (500, as Camunda's `NullValueException`). */
export class NullValueException extends EngineException {
  constructor(message: string) {
    super(message, 'NullValueException', 500, 0);
  }
}

/** The caller's request is wrong in a way the engine detected (400). */
export class BadUserRequestException extends EngineException {
  constructor(message: string) {
    super(message, 'BadUserRequestException', 400, 0);
  }
}

/** A request names something that does not exist or does not fit, e.g. a modification's unknown activity (400, as Camunda's `NotValidException`). */
export class NotValidException extends EngineException {
  constructor(message: string) {
    super(message, 'NotValidException', 400, 0);
  }
}

/** A REST-layer validation failure with its own status (400 or 404), `code` null. */
export class InvalidRequestException extends EngineException {
  constructor(status: number, message: string) {
    super(message, 'InvalidRequestException', status, null);
  }
}

/** A REST-layer wrapper with its own status, e.g. 404 for an unknown id. */
export class RestException extends EngineException {
  constructor(status: number, message: string, code: number | null = 0) {
    super(message, 'RestException', status, code);
  }
}

/** Another command changed the same rows first; nothing of this command was written (500, code 1). */
export class OptimisticLockingException extends EngineException {
  constructor(message: string) {
    super(message, 'OptimisticLockingException', 500, 1);
  }
}

/** A task is already assigned to someone else (500). */
export class TaskAlreadyClaimedException extends EngineException {
  constructor(taskId: string) {
    super(`Task '${taskId}' is already claimed by someone else.`, 'TaskAlreadyClaimedException', 500, 0);
  }
}

/** The caller is authenticated but not allowed (403). */
export class AuthorizationException extends EngineException {
  constructor(message: string) {
    super(message, 'AuthorizationException', 403, 0);
  }
}

/** One problem found while parsing or validating a deployed resource. */
export interface ParseProblem {
  message: string;
  line: number | null;
  column: number | null;
  mainBpmnElementId: string | null;
  bpmnElementIds: string[];
}

/** Problems of one resource, as in Camunda's `ParseException.details`. */
export interface ResourceReport {
  errors: ParseProblem[];
  warnings: ParseProblem[];
}

/** A deployment was refused because resources failed to parse or use unsupported constructs (400). */
export class ParseException extends EngineException {
  constructor(
    message: string,
    /** Resource name → its problems. */
    readonly details: Record<string, ResourceReport>,
  ) {
    super(message, 'ParseException', 400, 0);
  }
}
