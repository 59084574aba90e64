import type { EngineClient } from './engine-client.js';
import { toTypedVariables } from './variables.js';

/**
 * Starts the latest version of process `key` with `businessKey` and plain `variables` (typed for the REST API) and
 * returns the new instance's id. When the engine refuses or cannot be reached, `undo` first removes what the caller
 * stored for the process, so nothing is left half-done, and the engine's error is thrown.
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
    throw error;
  }
}
