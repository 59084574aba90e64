/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, e.g. the details of an audit entry. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * The canonical JSON text of `value`, the same for the same data wherever and whenever it is computed
 * (RFC 8785, JSON Canonicalization Scheme, for the values the audit log stores):
 *
 * - no whitespace between tokens;
 * - object members sorted by their names compared as UTF-16 code units (JavaScript's default string order);
 *   members whose value is `undefined` are left out;
 * - strings as `JSON.stringify` writes them (only `"`, `\` and control characters escaped, the latter as
 *   `\b \f \n \r \t` or `\u00xx` in lower-case hex);
 * - numbers as `JSON.stringify` writes them (ECMAScript's shortest round-trip form, `-0` as `0`);
 * - an object with `toJSON` (e.g. a `Date`) replaced by what `toJSON` returns, as `JSON.stringify` does.
 *
 * Throws `TypeError` for what JSON cannot carry: non-finite numbers, `bigint`, functions, symbols and
 * `undefined` outside an object member.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

// helpers ////

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return writeObject(value, path);
    default:
      throw new TypeError(`${path} is a ${typeof value}, which JSON cannot carry`);
  }
}

function writeObject(value: object, path: string): string {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write((toJSON as () => unknown).call(value), path);
  if (Array.isArray(value)) return `[${value.map((item: unknown, i) => write(item, `${path}[${i}]`)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${write(member, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}
