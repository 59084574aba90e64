import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { get, type Query } from '../api';
import type { OffsetPage } from './desk-api';

/** A list page's state: the page read from the server, paging and filters kept in the address (`?page=&size=&…`). */
export interface PagedList<T> {
  page: OffsetPage<T> | null;
  loading: boolean;
  error: unknown;
  /** 1-based page number and page size, from the address. */
  current: number;
  size: number;
  /** The filters of the address, by name. */
  filters: Record<string, string>;
  /** Moves to another page (or size), keeping the filters. */
  goTo: (current: number, size: number) => void;
  /** Replaces the filters, back to the first page. */
  filter: (filters: Record<string, string | undefined>) => void;
  reload: () => void;
}

/** Reads `path` with `{offset, limit}` and the address's `filterNames` as query parameters. */
export function usePagedList<T>(path: string, filterNames: readonly string[], defaultSize = 20): PagedList<T> {
  const [params, setParams] = useSearchParams();
  const current = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const size = Math.min(200, Math.max(1, Number(params.get('size') ?? defaultSize) || defaultSize));
  const filters: Record<string, string> = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const key = JSON.stringify([path, current, size, filters]);
  const [state, setState] = useState<{ key: string; page: OffsetPage<T> | null; error: unknown }>({ key: '', page: null, error: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    const query: Query = { offset: (current - 1) * size, limit: size, ...filters };
    get<OffsetPage<T>>(path, query).then(
      (page) => live && setState({ key, page, error: null }),
      (error: unknown) => live && setState({ key, page: null, error }),
    );
    return () => {
      live = false;
    };
    // `key` stands for path, paging and filters
  }, [key, generation]);

  const goTo = useCallback((page: number, pageSize: number) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('page', String(pageSize !== size ? 1 : page));
      next.set('size', String(pageSize));
      return next;
    });
  }, [setParams, size]);

  const filter = useCallback((values: Record<string, string | undefined>) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const name of filterNames) {
        const value = values[name];
        if (value) next.set(name, value);
        else next.delete(name);
      }
      next.delete('page');
      return next;
    });
  }, [setParams, filterNames]);

  return {
    page: state.key === key ? state.page : null, loading: state.key !== key, error: state.key === key ? state.error : null, current, size, filters, goTo, filter,
    reload: () => setGeneration((g) => g + 1),
  };
}
