/**
 * Jurisdiction codes (管辖区划). The province, its cities and their districts or counties carry their 6-digit
 * administrative division code (GB/T 2260: `440000` → `440100` → `440106`); a police station carries the code of
 * its district followed by `-` and a short lower-case name (`440106-shipai`). A code's descendants are exactly the
 * codes that start with its significant prefix, so containment needs no table.
 */

/** Levels of the jurisdiction tree, from the top. */
export const JURISDICTION_LEVELS = ['province', 'city', 'district', 'station'] as const;

/** A level of the jurisdiction tree. */
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/** The shape of every jurisdiction code. */
export const JURISDICTION_CODE = /^\d{6}(-[a-z0-9]{1,24})?$/;

/** Whether `code` is a well-formed jurisdiction code. */
export function isJurisdictionCode(code: string): boolean {
  return JURISDICTION_CODE.test(code);
}

/** The level of a well-formed code; throws on a malformed one. */
export function levelOf(code: string): JurisdictionLevel {
  if (!isJurisdictionCode(code)) throw new RangeError(`'${code}' is not a jurisdiction code`);
  if (code.includes('-')) return 'station';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'district';
}

/** The code of the unit directly above `code`; null for a province. */
export function parentOf(code: string): string | null {
  switch (levelOf(code)) {
    case 'province':
      return null;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'district':
      return `${code.slice(0, 4)}00`;
    case 'station':
      return code.slice(0, 6);
  }
}

/** Whether `code` is `scope` itself or lies anywhere below it. Malformed codes are contained in nothing. */
export function contains(scope: string, code: string): boolean {
  if (!isJurisdictionCode(scope) || !isJurisdictionCode(code)) return false;
  const level = levelOf(scope);
  if (level === 'station') return code === scope;
  if (level === 'district') return code === scope || code.startsWith(`${scope}-`);
  return code.startsWith(level === 'province' ? scope.slice(0, 2) : scope.slice(0, 4));
}

/**
 * The SQL `LIKE` pattern matching every code inside `scope` (for a column holding jurisdiction codes); use it with
 * a bound parameter.
 */
export function likePatternOf(scope: string): string {
  const level = levelOf(scope);
  if (level === 'station') return scope;
  if (level === 'district') return `${scope}%`;
  return `${level === 'province' ? scope.slice(0, 2) : scope.slice(0, 4)}%`;
}
