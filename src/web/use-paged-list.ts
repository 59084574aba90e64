import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { get, type Page, type Query } from './api';

/** A page of a list with its paging, as the server answers `?offset=&limit=`. */
export interface OffsetPage<T> extends Page<T> {
  offset: number;
  limit: number;
}

/** A list page's state: the page read from the server, with its paging and the filters of the address. */
export interface PagedList<P> {
  /** The page read last; null before the first answer and after a failure (and while loading, unless `keep`). */
  page: P | null;
  loading: boolean;
  /** Why the page could not be read (as thrown by the request); null when it was read. */
  error: unknown;
  /** 1-based page number and page size. */
  current: number;
  size: number;
  /** The filters of the address (`filters` named in the options), by name; only those with a value. */
  filters: Record<string, string>;
  /** Moves to another page (or size: back to the first page), keeping the filters. */
  goTo: (current: number, size: number) => void;
  /** Replaces the filters of the address, back to the first page. */
  filter: (filters: Record<string, string | undefined>) => void;
  /** Reads the same page again (after a change to the list). */
  reload: () => void;
}

/** How {@link usePagedList} reads and keeps its list. */
export interface PagedListOptions {
  /** The names of the filters kept in the address (`?status=…`), sent as query parameters. */
  filters?: readonly string[];
  /** Further query parameters not kept in the address (a name searched for that must stay out of the history). */
  query?: Query;
  /** The page size when the address names none (20). */
  defaultSize?: number;
  /** The page sizes offered: a size in the address outside them is the default; without them any size up to 200. */
  sizes?: readonly number[];
  /** Where the page number and size are kept: `'address'` (`?page=&size=`, the default), or `'state'` (the page's own). */
  paging?: 'address' | 'state';
  /** Whether the page read last stays shown while the next one loads (a table greyed out, not emptied). */
  keep?: boolean;
}

/** Reads a list a page at a time: from `path`, or through `load`, with `{offset, limit}` and the filters as its query. */
export function usePagedList<P>(source: string | ((query: Query) => Promise<P>), options: PagedListOptions = {}): PagedList<P> {
  const { filters: filterNames = NONE, query, defaultSize = 20, sizes, paging = 'address', keep = false } = options;
  const [params, setParams] = useSearchParams();
  const [own, setOwn] = useState({ current: 1, size: defaultSize });
  const inAddress = paging === 'address';
  const current = inAddress ? Math.max(1, Number(params.get('page') ?? 1) || 1) : own.current;
  const asked = inAddress ? Number(params.get('size') ?? defaultSize) || defaultSize : own.size;
  const size = sizes ? (sizes.includes(asked) ? asked : defaultSize) : Math.min(200, Math.max(1, asked));
  const filters: Record<string, string> = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const loader = useRef(source);
  loader.current = source;
  const key = JSON.stringify([typeof source === 'string' ? source : '', current, size, filters, query ?? {}]);
  const [state, setState] = useState<{ key: string; page: P | null; error: unknown }>({ key: '', page: null, error: null });
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<string | null>(null);
  const round = `${key}#${generation}`;

  useEffect(() => {
    let live = true;
    const request: Query = { ...filters, ...query, offset: (current - 1) * size, limit: size };
    const read = loader.current;
    (typeof read === 'string' ? get<P>(read, request) : read(request)).then(
      (page) => live && setState({ key, page, error: null }),
      (error: unknown) => live && setState({ key, page: null, error }),
    ).finally(() => live && setLoaded(round));
    return () => {
      live = false;
    };
    // `key` stands for the source, paging, filters and query; `generation` for a reload
  }, [key, generation]);

  const goTo = useCallback((page: number, pageSize: number) => {
    const next = pageSize !== size ? 1 : page;
    if (!inAddress) {
      setOwn({ current: next, size: pageSize });
      return;
    }
    setParams((p) => {
      const address = new URLSearchParams(p);
      address.set('page', String(next));
      address.set('size', String(pageSize));
      return address;
    });
  }, [setParams, size, inAddress]);

  const filter = useCallback((values: Record<string, string | undefined>) => {
    if (!inAddress) setOwn((o) => ({ ...o, current: 1 }));
    if (filterNames.length === 0) return;
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
  }, [setParams, filterNames, inAddress]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const fresh = state.key === key;
  return {
    page: fresh || keep ? state.page : null,
    loading: loaded !== round,
    error: fresh ? state.error : null,
    current, size, filters, goTo, filter, reload,
  };
}

const NONE: readonly string[] = [];
