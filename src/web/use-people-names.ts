import { useEffect, useState } from 'react';
import { get } from './api';

/** Names already read, by user id (null: no such user, or not readable), for the whole page load. */
const known = new Map<string, string | null>();

/**
 * Names users for people (办理人 张伟 rather than `zhangwei`): the names of `ids` are read once
 * (`GET /api/people`) and kept for the page load; returns the function that names an id, the id itself while its
 * name is unknown (or the user does not exist, or the reader may not read names).
 */
export function usePeopleNames(ids: readonly (string | null | undefined)[]): (id: string) => string {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort();
  const key = wanted.join(',');
  const [, setRead] = useState(0);
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !known.has(id)) : [];
    if (missing.length === 0) return undefined;
    let current = true;
    const batches: string[][] = [];
    for (let i = 0; i < missing.length; i += 100) batches.push(missing.slice(i, i + 100));
    void Promise.all(batches.map((batch) => get<Array<{ id: string; name: string }>>('/api/people', { ids: batch.join(',') }).then(
      (people) => {
        for (const id of batch) known.set(id, null);
        for (const p of people) known.set(p.id, p.name);
      },
      // names are a courtesy: without them the ids are shown
      () => undefined,
    ))).then(() => current && setRead((n) => n + 1));
    return () => {
      current = false;
    };
  }, [key]);
  return (id) => known.get(id) ?? id;
}
