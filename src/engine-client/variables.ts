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
