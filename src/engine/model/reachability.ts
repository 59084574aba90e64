import type { ProcessModel } from './types.js';

/**
 * True when a token at `fromId` can reach `targetId` by following sequence flows (an element reaches itself).
 * Used by the inclusive-gateway join; answers are remembered per model and start element.
 */
export function canReach(model: ProcessModel, fromId: string, targetId: string): boolean {
  if (fromId === targetId) return true;
  let byStart = memo.get(model);
  if (!byStart) {
    byStart = new Map();
    memo.set(model, byStart);
  }
  let reachable = byStart.get(fromId);
  if (!reachable) {
    reachable = reachableFrom(model, fromId);
    byStart.set(fromId, reachable);
  }
  return reachable.has(targetId);
}

// helpers ////

const memo = new WeakMap<ProcessModel, Map<string, ReadonlySet<string>>>();

/** Every element reachable from `fromId` through at least one sequence flow (also out of the boundary events of an activity). */
function reachableFrom(model: ProcessModel, fromId: string): ReadonlySet<string> {
  const seen = new Set<string>();
  const pending = [fromId];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const boundaryId of model.boundaryEventIds.get(id) ?? []) {
      if (!seen.has(boundaryId)) {
        seen.add(boundaryId);
        pending.push(boundaryId);
      }
    }
    for (const flowId of model.elements.get(id)?.outgoing ?? []) {
      const next = model.flows.get(flowId)?.targetId;
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        pending.push(next);
      }
    }
  }
  return seen;
}
