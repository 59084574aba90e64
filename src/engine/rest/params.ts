import { InvalidRequestException } from '../errors.js';
import type { SortSpec } from '../services/query-builder.js';
import { parseEngineDate, parseVariableFilterList, parseVariableFilterParam, type VariableFilter } from '../variables/index.js';

/**
 * Reads Camunda query parameters from a URL query (`GET`) or a JSON body (`POST` query twins), with the
 * same rules for both: booleans, integers, dates in the engine format, comma lists, sorting and variable
 * filters. Bad values answer 400 naming the parameter.
 */
export class Params {
  private constructor(
    private readonly source: Record<string, unknown>,
    private readonly fromQuery: boolean,
  ) {}

  static query(q: Record<string, string | string[] | undefined>): Params {
    const flat: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(q)) flat[k] = Array.isArray(v) ? v[v.length - 1] : v;
    return new Params(flat, true);
  }

  static body(b: Record<string, unknown>): Params {
    return new Params(b, false);
  }

  has(name: string): boolean {
    const v = this.source[name];
    return v !== undefined && v !== null;
  }

  string(name: string): string | undefined {
    const v = this.source[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw bad(name, v, 'string');
  }

  bool(name: string): boolean | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw bad(name, v, 'Boolean');
  }

  int(name: string): number | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n)) throw bad(name, v, 'Integer');
    return n;
  }

  date(name: string): number | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    const d = typeof v === 'string' ? parseEngineDate(v) : null;
    if (!d) throw new InvalidRequestException(400, `Cannot set query parameter '${name}' to value '${JSON.stringify(v)}': expected a date like 2026-01-25T13:33:42.165+0800`);
    return d.getTime();
  }

  list(name: string): string[] | undefined {
    const v = this.source[name];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map(String);
    if (typeof v === 'string') return v === '' ? [] : v.split(',');
    throw bad(name, v, 'List');
  }

  variables(name: string): VariableFilter[] | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    return this.fromQuery && typeof v === 'string' ? parseVariableFilterParam(v) : parseVariableFilterList(v);
  }

  /** `sortBy`+`sortOrder` (GET) or `sorting: [{sortBy, sortOrder}]` (POST), validated against `allowed`. */
  sorting(allowed: readonly string[]): SortSpec[] {
    const specs: Array<{ sortBy?: unknown; sortOrder?: unknown }> = [];
    if (this.fromQuery || this.has('sortBy') || this.has('sortOrder')) {
      const by = this.source['sortBy'];
      const order = this.source['sortOrder'];
      if ((by === undefined) !== (order === undefined)) {
        throw new InvalidRequestException(400, 'Only a single sorting parameter specified. sortBy and sortOrder required');
      }
      if (by !== undefined) specs.push({ sortBy: by, sortOrder: order });
    }
    const sorting = this.source['sorting'];
    if (sorting !== undefined && sorting !== null) {
      if (!Array.isArray(sorting)) throw bad('sorting', sorting, 'List');
      specs.push(...(sorting as Array<{ sortBy?: unknown; sortOrder?: unknown }>));
    }
    return specs.map((s) => {
      if (typeof s.sortBy !== 'string' || !allowed.includes(s.sortBy)) {
        throw new InvalidRequestException(400, `Cannot set query parameter 'sortBy' to value '${String(s.sortBy)}'`);
      }
      if (s.sortOrder !== 'asc' && s.sortOrder !== 'desc') {
        throw new InvalidRequestException(400, `Cannot set query parameter 'sortOrder' to value '${String(s.sortOrder)}'`);
      }
      return { sortBy: s.sortBy, sortOrder: s.sortOrder };
    });
  }

  /** `firstResult` / `maxResults` (from the URL query even for POST queries, as Camunda). */
  paging(): { firstResult: number | null; maxResults: number | null } {
    return { firstResult: this.int('firstResult') ?? null, maxResults: this.int('maxResults') ?? null };
  }
}

// helpers ////

function bad(name: string, value: unknown, type: string): InvalidRequestException {
  return new InvalidRequestException(400, `Cannot set query parameter '${name}' to value '${String(value)}': expected ${type}`);
}
