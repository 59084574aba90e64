/** Converting between plain values and the engine REST API's typed variables. */

/** A variable as the Camunda 7 REST API takes it. */
export interface TypedValue {
  value: unknown;
  type: string;
}

/** Types plain values for the engine: text → String, integers → Long, other numbers → Double, booleans, dates, and everything else as Json. */
export function toTypedVariables(values: Record<string, unknown>): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) out[name] = { value: null, type: 'Null' };
    else if (typeof value === 'string') out[name] = { value, type: 'String' };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number') out[name] = { value, type: Number.isInteger(value) ? 'Long' : 'Double' };
    else if (value instanceof Date) out[name] = { value: engineDate(value), type: 'Date' };
    else out[name] = { value: JSON.stringify(value), type: 'Json' };
  }
  return out;
}

/** Plain values from the engine's `{name: {value, type}}` answer; Json values are parsed. */
export function fromTypedVariables(variables: Record<string, { value: unknown; type: string }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables)) {
    out[name] = v.type === 'Json' && typeof v.value === 'string' ? safeParse(v.value) : v.value;
  }
  return out;
}

/**
 * A date-time the engine wrote (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`, the zone as `+HHmm`, e.g.
 * `2026-10-12T10:00:00.000+0800`) as `/api` answers every date-time: ISO 8601 in UTC (`2026-10-12T02:00:00.000Z`).
 * Throws `TypeError` for a text that is no date-time.
 */
export function isoFromEngine(text: string): string {
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new TypeError(`Not an engine date-time: ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}

/** {@link isoFromEngine} for a date-time that may be absent. */
export function isoFromEngineOrNull(text: string | null | undefined): string | null {
  return text == null ? null : isoFromEngine(text);
}

/**
 * A task as the engine answers it (`TaskDto`) with its date-times (`created`, `lastUpdated`, `due`, `followUp`) in
 * ISO 8601 UTC, as `/api` answers them.
 */
export function taskWithIsoDates<T extends { created: string; due: string | null; lastUpdated?: string | null; followUp?: string | null }>(task: T): T {
  const out = { ...task, created: isoFromEngine(task.created), due: isoFromEngineOrNull(task.due) };
  if ('lastUpdated' in task) out.lastUpdated = isoFromEngineOrNull(task.lastUpdated);
  if ('followUp' in task) out.followUp = isoFromEngineOrNull(task.followUp);
  return out;
}

/** A date in the engine's `yyyy-MM-dd'T'HH:mm:ss.SSSZ` format. */
export function engineDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

// helpers ////

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
