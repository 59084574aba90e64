import type { DataSource } from 'typeorm';
import { likePatternOf } from '../jurisdiction/index.js';

/**
 * Most process instances looked up by one `IN (…)` list. Up to 200 values MariaDB estimates such a list by diving
 * into the index (`eq_range_index_dive_limit`); beyond, it guesses from statistics and may scan whole tables.
 */
export const LOOKUP_CHUNK = 200;

/** A procedure started through the API, as the view `wb_procedure` lists it. */
export interface ProcedureRow {
  processInstanceId: string;
  kind: 'application' | 'tip' | 'inspection' | 'admin-case' | 'criminal-case';
  procedureKey: string;
  recordId: string;
  number: string | null;
  party: string | null;
  jurisdiction: string;
  status: string;
  startedBy: string | null;
  startedAt: Date | null;
}

/** Filters of {@link ProcedureIndex.startedBy}. */
export interface ProcedureFilter {
  procedureKey?: string;
  number?: string;
  party?: string;
  status?: string;
  /** In this jurisdiction or below. */
  jurisdiction?: string;
  /** By start, newest first by default. */
  order?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * Every procedure started through the API (applications, tips, inspections, administrative and criminal cases),
 * read from the view `wb_procedure`: its number, party, jurisdiction, status and starter by process instance.
 */
export class ProcedureIndex {
  constructor(private readonly dataSource: DataSource) {}

  /** The procedures of these process instances, by instance id; instances not started through the API are absent. */
  async byInstances(processInstanceIds: string[]): Promise<Map<string, ProcedureRow>> {
    const result = new Map<string, ProcedureRow>();
    for (let i = 0; i < processInstanceIds.length; i += LOOKUP_CHUNK) {
      const chunk = processInstanceIds.slice(i, i + LOOKUP_CHUNK);
      if (!chunk.length) continue;
      const rows = await this.select().where('p.process_instance_id IN (:...ids)', { ids: chunk }).getRawMany();
      for (const row of rows.map(rowOf)) result.set(row.processInstanceId, row);
    }
    return result;
  }

  /** The procedure of one process instance, or null. */
  async ofInstance(processInstanceId: string): Promise<ProcedureRow | null> {
    return (await this.byInstances([processInstanceId])).get(processInstanceId) ?? null;
  }

  /** The procedures `userId` started, newest first, with the total. */
  async startedBy(userId: string, filter: ProcedureFilter): Promise<{ items: ProcedureRow[]; total: number }> {
    const query = this.select().where('p.started_by = :userId', { userId });
    if (filter.procedureKey) query.andWhere('p.procedure_key = :key', { key: filter.procedureKey });
    if (filter.number) query.andWhere('p.number LIKE :number', { number: `%${escapeLike(filter.number)}%` });
    if (filter.party) query.andWhere('p.party LIKE :party', { party: `%${escapeLike(filter.party)}%` });
    if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.jurisdiction) query.andWhere('p.jurisdiction LIKE :scope', { scope: likePatternOf(filter.jurisdiction) });
    const total = Number((await query.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>())?.n ?? 0);
    const rows = await query.orderBy('p.started_at', filter.order === 'asc' ? 'ASC' : 'DESC').addOrderBy('p.process_instance_id', 'ASC').offset(filter.offset).limit(filter.limit).getRawMany();
    return { items: rows.map(rowOf), total };
  }

  /** How many procedures lie in each of `scopes` and below (for supervision). */
  async countIn(scopes: string[]): Promise<number> {
    if (!scopes.length) return 0;
    const query = this.dataSource.createQueryBuilder().select('COUNT(*)', 'n').from('wb_procedure', 'p');
    if (!scopes.includes('*')) query.where(`(${scopes.map((_, i) => `p.jurisdiction LIKE :s${i}`).join(' OR ')})`, Object.fromEntries(scopes.map((s, i) => [`s${i}`, likePatternOf(s)])));
    return Number((await query.getRawOne<{ n: number | string }>())?.n ?? 0);
  }

  // helpers ////

  private select() {
    return this.dataSource.createQueryBuilder()
      .select(['p.process_instance_id AS process_instance_id', 'p.kind AS kind', 'p.procedure_key AS procedure_key', 'p.record_id AS record_id', 'p.number AS number',
        'p.party AS party', 'p.jurisdiction AS jurisdiction', 'p.status AS status', 'p.started_by AS started_by', 'p.started_at AS started_at'])
      .from('wb_procedure', 'p');
  }
}

function rowOf(raw: Record<string, unknown>): ProcedureRow {
  const startedAt = raw['started_at'] as Date | string | null | undefined;
  return {
    processInstanceId: String(raw['process_instance_id']), kind: raw['kind'] as ProcedureRow['kind'], procedureKey: String(raw['procedure_key']),
    recordId: String(raw['record_id']), number: (raw['number'] as string | null) ?? null, party: (raw['party'] as string | null) ?? null,
    jurisdiction: String(raw['jurisdiction']), status: String(raw['status']), startedBy: (raw['started_by'] as string | null) ?? null,
    startedAt: startedAt == null ? null : startedAt instanceof Date ? startedAt : new Date(startedAt.includes('T') ? startedAt : `${startedAt.replace(' ', 'T')}Z`),
  };
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
