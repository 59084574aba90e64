import { UserError } from '../errors.js';
import { findingsByElement, type LintFinding } from './findings.js';

/**
 * Uploaded models or forms break lint rules, or the engine refused them: nothing was deployed (422). `details`
 * holds every `findings` entry and the same grouped by element (`elements`).
 */
export class ModelRejectedError extends UserError {
  override readonly status: number = 422;

  constructor(message: string, readonly findings: LintFinding[]) {
    super('PROCESS_MODEL_REJECTED', message, { findings, elements: findingsByElement(findings) });
  }
}
