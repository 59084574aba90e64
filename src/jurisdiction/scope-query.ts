import { isJurisdictionCode, likePatternOf } from './jurisdiction-code.js';
import { ROLE_TABLE } from './roles.js';

/** A column that holds a jurisdiction code, optionally behind a fixed prefix (a group id such as `station-440106`). */
export interface ScopedColumn {
  /** The column as it is written in the query, e.g. `t.region_code`. */
  column: string;
  /** What every value of the column starts with before the code, e.g. `station-`. */
  prefix?: string;
}

/** A SQL condition with its bound parameters, for `where` or `andWhere` of a TypeORM query builder. */
export interface ScopeCondition {
  sql: string;
  params: Record<string, string>;
}

/**
 * The condition that keeps the rows whose jurisdiction — in any of `columns` — lies inside one of `scopes` (as
 * {@link scopesOf} returns them): everything for `'*'`, nothing for no scope. Parameter names start with `name`,
 * so that two conditions can share a query.
 */
export function scopeCondition(columns: readonly ScopedColumn[], scopes: readonly string[], name = 'scope'): ScopeCondition {
  if (scopes.includes('*')) return { sql: '1 = 1', params: {} };
  const terms: string[] = [];
  const params: Record<string, string> = {};
  for (const scope of scopes) {
    if (!isJurisdictionCode(scope)) continue;
    for (const { column, prefix } of columns) {
      const key = `${name}${terms.length}`;
      terms.push(`${column} LIKE :${key}`);
      params[key] = `${prefix ?? ''}${likePatternOf(scope)}`;
    }
  }
  return terms.length ? { sql: `(${terms.join(' OR ')})`, params } : { sql: '1 = 0', params: {} };
}

/**
 * The jurisdiction of a jurisdiction-bound group of the permission table (`station-440106-shipai` →
 * `440106-shipai`, `leader-440100` → `440100`); null for global groups and groups the table does not know.
 */
export function jurisdictionOfGroup(group: string): string | null {
  for (const row of ROLE_TABLE) {
    const prefix = row.groupPrefixes.find((p) => group.startsWith(p));
    if (prefix && isJurisdictionCode(group.slice(prefix.length))) return group.slice(prefix.length);
  }
  return null;
}
