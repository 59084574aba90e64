import type { DataSource } from 'typeorm';
import { normalizeName, normalizeResidentId } from './entry-validation.js';
import { RecordEntry } from './record-entry.entity.js';

/**
 * Every register entry that carries one of `residentIds` or one of `names` (both normalised as the register
 * stores them), oldest first.
 */
export async function findMatchingEntries(dataSource: DataSource, residentIds: readonly string[], names: readonly string[]): Promise<RecordEntry[]> {
  const ids = [...new Set(residentIds.map(normalizeResidentId).filter((v) => v !== ''))];
  const nameList = [...new Set(names.map(normalizeName).filter((v) => v !== ''))];
  const repo = dataSource.getRepository(RecordEntry);
  const found = new Map<string, RecordEntry>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    for (const e of await repo.createQueryBuilder('e').where('e.residentId IN (:...part)', { part }).getMany()) found.set(e.id, e);
  }
  for (let i = 0; i < nameList.length; i += CHUNK) {
    const part = nameList.slice(i, i + CHUNK);
    for (const e of await repo.createQueryBuilder('e').where('e.name IN (:...part)', { part }).getMany()) found.set(e.id, e);
  }
  return [...found.values()].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id));
}

// helpers ////

/** Values per `IN (…)` list. */
const CHUNK = 500;
