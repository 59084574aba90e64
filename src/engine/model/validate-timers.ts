import type { ModdleElement } from 'bpmn-moddle';
import { timerLiteralProblem, type TimerType } from '../jobs/timer-schedule.js';
import { asElements, capitalize, describe, type ValidationContext } from './context.js';
import type { TimerModel } from './types.js';
import { checkProperties } from './validate-attributes.js';

/** True when the event has exactly one event definition and it is a `bpmn:timerEventDefinition`. */
export function isTimerEvent(element: ModdleElement): boolean {
  const definitions = [...asElements(element.eventDefinitions), ...asElements(element.eventDefinitionRef)];
  return definitions.length === 1 && definitions[0]?.$type === 'bpmn:TimerEventDefinition';
}

/**
 * Reads the `bpmn:timerEventDefinition` of a timer event when it is deployed: exactly one of timeDuration,
 * timeDate, timeCycle, of the types in `allowed` (timer start events: date and cycle). The expression is
 * compiled; a literal value (no `${…}`) must be a valid ISO 8601 duration, date-time or repeating interval. Every
 * problem is reported on the event; returns null when there was one.
 */
export function readTimer(element: ModdleElement, ctx: ValidationContext, allowed: readonly TimerType[]): TimerModel | null {
  const id = element.id ?? '';
  const what = describe(element);
  const definition = asElements(element.eventDefinitions)[0] ?? asElements(element.eventDefinitionRef)[0];
  if (!definition) return null;
  if (checkProperties(definition, ctx, ['timeDuration', 'timeDate', 'timeCycle']).length > 0) return null;
  const present = TYPES.filter(([, key]) => definition[key] !== undefined && definition[key] !== null);
  if (present.length !== 1) {
    ctx.error(id, `${capitalize(what)} must have exactly one of bpmn:timeDuration, bpmn:timeDate and bpmn:timeCycle ` +
      `(it has ${present.length === 0 ? 'none' : present.map(([, key]) => `bpmn:${key}`).join(', ')}).`);
    return null;
  }
  const [type, key] = present[0] as [TimerType, string];
  if (!allowed.includes(type)) {
    ctx.error(id, `${capitalize(what)} has bpmn:${key}: the embedded engine supports ${allowed.map((t) => `bpmn:${KEY_OF[t]}`).join(' or ')} here.`);
    return null;
  }
  const body = (definition[key] as ModdleElement).body;
  const source = typeof body === 'string' ? body.trim() : '';
  if (source === '') {
    ctx.error(id, `${capitalize(what)} has an empty bpmn:${key}.`);
    return null;
  }
  const expression = ctx.expression(id, `bpmn:${key}`, source);
  if (!expression) return null;
  if (expression.isLiteral) {
    const problem = timerLiteralProblem(type, source);
    if (problem !== null) {
      ctx.error(id, `Invalid bpmn:${key} of ${what}: ${problem}.`);
      return null;
    }
  }
  return { type, expression };
}

// helpers ////

const TYPES: ReadonlyArray<[TimerType, string]> = [['duration', 'timeDuration'], ['date', 'timeDate'], ['cycle', 'timeCycle']];
const KEY_OF: Record<TimerType, string> = { duration: 'timeDuration', date: 'timeDate', cycle: 'timeCycle' };
