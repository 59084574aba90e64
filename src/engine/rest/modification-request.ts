import { InvalidRequestException } from '../errors.js';
import type { InstructionVariable, ModificationInstruction } from '../runtime/modification.js';
import type { ModificationRequest } from '../services/modification-service.js';
import { fromRestValue } from '../variables/index.js';
import { Params } from './params.js';

/**
 * Reads a `ProcessInstanceModificationDto` body. Malformed instructions answer 400 `InvalidRequestException` as
 * Camunda 7's REST layer does before the engine runs anything: an unknown or missing `type`, a cancellation naming not
 * exactly one of `activityId`/`activityInstanceId`/`transitionInstanceId`, a start without its `activityId` (or
 * `transitionId` for `startTransition`), a bad variable. `cancelCurrentActiveActivityInstances` is read but, as by
 * Camunda's synchronous modification, not used.
 */
export function parseModificationRequest(body: Record<string, unknown>): ModificationRequest {
  const p = Params.body(body);
  const instructions = body['instructions'] ?? [];
  if (!Array.isArray(instructions)) throw new InvalidRequestException(400, "Property 'instructions' must be a list of modification instructions");
  return {
    instructions: instructions.map(parseInstruction),
    skipCustomListeners: p.bool('skipCustomListeners') ?? false,
    skipIoMappings: p.bool('skipIoMappings') ?? false,
    annotation: p.string('annotation') ?? null,
  };
}

// helpers ////

const TYPES = ['cancel', 'startBeforeActivity', 'startAfterActivity', 'startTransition'];

function parseInstruction(raw: unknown): ModificationInstruction {
  if (!isRecord(raw)) throw new InvalidRequestException(400, 'A modification instruction must be a JSON object');
  const p = Params.body(raw);
  const type = p.string('type');
  if (type === undefined) throw new InvalidRequestException(400, `Missing type id of a modification instruction: 'type' must be one of ${TYPES.join(', ')}`);
  const invalid = (message: string) => new InvalidRequestException(400, `For instruction type '${type}': ${message}`);
  const activityId = p.string('activityId');
  const ancestorActivityInstanceId = p.string('ancestorActivityInstanceId') ?? null;
  p.bool('cancelCurrentActiveActivityInstances');
  switch (type) {
    case 'cancel': {
      const activityInstanceId = p.string('activityInstanceId');
      const transitionInstanceId = p.string('transitionInstanceId');
      const given = [activityId, activityInstanceId, transitionInstanceId].filter((v) => v !== undefined).length;
      if (given !== 1) throw invalid("exactly one, 'activityId', 'activityInstanceId', or 'transitionInstanceId', is required");
      if (activityId !== undefined) return { type: 'cancelActivity', activityId };
      if (activityInstanceId !== undefined) return { type: 'cancelActivityInstance', activityInstanceId };
      return { type: 'cancelTransitionInstance', transitionInstanceId: transitionInstanceId as string };
    }
    case 'startBeforeActivity':
    case 'startAfterActivity':
      if (activityId === undefined) throw invalid("'activityId' must be set");
      return { type, activityId, ancestorActivityInstanceId, variables: variablesOf(raw['variables']) };
    case 'startTransition': {
      const transitionId = p.string('transitionId');
      if (transitionId === undefined) throw invalid("'transitionId' must be set");
      return { type, transitionId, ancestorActivityInstanceId, variables: variablesOf(raw['variables']) };
    }
    default:
      throw new InvalidRequestException(400, `Could not resolve type id '${type}' of a modification instruction: known type ids are ${TYPES.join(', ')}`);
  }
}

/** The `variables` of a start instruction: name → `{value, type, valueInfo, local}`. */
function variablesOf(raw: unknown): InstructionVariable[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) throw new InvalidRequestException(400, "Property 'variables' of a modification instruction must be a JSON object");
  return Object.entries(raw).map(([name, dto]) => ({
    name,
    value: fromRestValue(name, dto),
    local: isRecord(dto) ? Params.body(dto).bool('local') ?? false : false,
  }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
