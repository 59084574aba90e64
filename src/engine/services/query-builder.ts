import type { SqlParam } from '../persistence/database.js';
import { InvalidRequestException } from '../errors.js';

/** Paging as Camunda's `firstResult`/`maxResults`. */
export interface Paging {
  firstResult?: number | null;
  maxResults?: number | null;
}

/** One sorting criterion. */
export interface SortSpec {
  sortBy: string;
  sortOrder: 'asc' | 'desc';
}

/** Collects WHERE conditions and parameters for an engine query. */
export class Where {
  readonly clauses: string[] = [];
  readonly params: SqlParam[] = [];

  /** Adds a condition when `value` is not undefined/null. */
  eq(column: string, value: SqlParam | undefined): this {
    if (value !== undefined && value !== null) this.add(`${column} = ?`, value);
    return this;
  }

  like(column: string, value: string | undefined | null): this {
    if (value !== undefined && value !== null) this.add(`${column} LIKE ?`, value);
    return this;
  }

  in(column: string, values: readonly SqlParam[] | undefined | null): this {
    if (values === undefined || values === null) return this;
    if (values.length === 0) return this.add('1 = 0');
    return this.add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  }

  add(clause: string, ...params: SqlParam[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  toString(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : '1 = 1';
  }
}

/** Builds ORDER BY from validated sort specs; `columns` maps sortBy values to columns. */
export function orderBy(sorting: readonly SortSpec[], columns: Record<string, string>, fallback: string): string {
  const parts = sorting.map((s) => {
    const c = columns[s.sortBy];
    if (!c) throw new InvalidRequestException(400, `Cannot set query sortBy parameter to value ${s.sortBy}`);
    return `${c} ${s.sortOrder === 'desc' ? 'DESC' : 'ASC'}`;
  });
  parts.push(fallback);
  return ` ORDER BY ${parts.join(', ')}`;
}

/** LIMIT/OFFSET for Camunda paging (either given → paged). */
export function limit(p: Paging): string {
  if (p.firstResult == null && p.maxResults == null) return '';
  const first = Math.max(0, p.firstResult ?? 0);
  const max = p.maxResults == null ? 2147483647 : Math.max(0, p.maxResults);
  return ` LIMIT ${max} OFFSET ${first}`;
}
