import { ConflictError } from '../errors.js';
import { localize } from '../language.js';
import type { EngineClient } from './engine-client.js';
import { toTypedVariables } from './variables.js';

/**
 * Starts the latest version of process `key` with `businessKey` and plain `variables` (typed for the REST API) and
 * returns the new instance's id. When the engine refuses or cannot be reached, `undo` first removes what the caller
 * stored for the process, so nothing is left half-done, and the engine's error is thrown — or, when the procedure's
 * managers have suspended it, a 409 `PROCEDURE_SUSPENDED` that says so.
 */
export async function startProcessOrUndo(
  engine: EngineClient,
  key: string,
  businessKey: string,
  variables: Record<string, unknown>,
  undo: () => Promise<unknown>,
): Promise<string> {
  try {
    const instance = await engine.request<{ id: string }>('POST', `/process-definition/key/${encodeURIComponent(key)}/start`, { businessKey, variables: toTypedVariables(variables) });
    return instance.id;
  } catch (error) {
    await undo();
    if (await isSuspended(engine, key)) {
      throw new ConflictError('PROCEDURE_SUSPENDED', localize(`The procedure ${key} is suspended and cannot be started now`, '该业务流程已暂停受理，暂不能发起'));
    }
    throw error;
  }
}

/** Whether the latest version of process `key` is suspended (false when the engine cannot tell). */
async function isSuspended(engine: EngineClient, key: string): Promise<boolean> {
  const definition = await engine.request<{ suspended?: boolean }>('GET', `/process-definition/key/${encodeURIComponent(key)}`).catch(() => null);
  return definition?.suspended === true;
}
