import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { likePatternOf } from '../jurisdiction/index.js';

/**
 * Most process instances looked up by one `IN (…)` list. Up to 200 values MariaDB estimates such a list by diving
 * into the index (`eq_range_index_dive_limit`); beyond, it guesses from statistics and may scan whole tables.
 */
export const LOOKUP_CHUNK = 200;

/** A procedure started through the API, as the view `wb_procedure` lists it. */
export interface ProcedureRow {
  processInstanceId: string;
  kind: 'application' | 'tip' | 'inspection' | 'admin-case' | 'criminal-case' | 'revocation';
  procedureKey: string;
  recordId: string;
  number: string | null;
  party: string | null;
  jurisdiction: string;
  status: string;
  startedBy: string | null;
  startedAt: Date | null;
}

/** Filters on a procedure's case: each given one must hold. */
export interface CaseCriteria {
  procedureKey?: string;
  /** Part of the case's number. */
  number?: string;
  /** Part of the applicant's or party's name. */
  party?: string;
  status?: string;
  /** In this jurisdiction or below. */
  jurisdiction?: string;
}

/** Filters of {@link ProcedureIndex.startedBy}. */
export interface ProcedureFilter extends CaseCriteria {
  /** By start, newest first by default. */
  order?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * Every procedure started through the API (applications, tips, inspections, administrative and criminal cases,
 * revocations of guard certificates),
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

  /**
   * Those of the process instances whose procedure passes every criterion, looked up {@link LOOKUP_CHUNK} at a time;
   * instances not started through the API never pass.
   */
  async passing(processInstanceIds: string[], criteria: CaseCriteria): Promise<Set<string>> {
    const result = new Set<string>();
    for (let i = 0; i < processInstanceIds.length; i += LOOKUP_CHUNK) {
      const chunk = processInstanceIds.slice(i, i + LOOKUP_CHUNK);
      if (!chunk.length) continue;
      const query = withCriteria(this.dataSource.createQueryBuilder().select('p.process_instance_id', 'id').from('wb_procedure', 'p')
        .where('p.process_instance_id IN (:...ids)', { ids: chunk }), criteria);
      for (const row of await query.getRawMany<{ id: string }>()) result.add(String(row.id));
    }
    return result;
  }

  /** The procedures `userId` started, newest first, with the total; `limit` null reads them all. */
  async startedBy(userId: string, filter: Omit<ProcedureFilter, 'limit'> & { limit: number | null }): Promise<{ items: ProcedureRow[]; total: number }> {
    const query = withCriteria(this.select().where('p.started_by = :userId', { userId }), filter);
    const total = Number((await query.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>())?.n ?? 0);
    const rows = await query.orderBy('p.started_at', filter.order === 'asc' ? 'ASC' : 'DESC').addOrderBy('p.process_instance_id', 'ASC').offset(filter.limit === null ? undefined : filter.offset).limit(filter.limit ?? undefined).getRawMany();
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

/** `query` narrowed to the procedures that pass every criterion (`p` is the view). */
function withCriteria<Q extends SelectQueryBuilder<ObjectLiteral>>(query: Q, criteria: CaseCriteria): Q {
  if (criteria.procedureKey) query.andWhere('p.procedure_key = :key', { key: criteria.procedureKey });
  if (criteria.number) query.andWhere(`p.number LIKE :number ESCAPE '${LIKE_ESCAPE}'`, { number: `%${escapeLike(criteria.number)}%` });
  if (criteria.party) query.andWhere(`p.party LIKE :party ESCAPE '${LIKE_ESCAPE}'`, { party: `%${escapeLike(criteria.party)}%` });
  if (criteria.status) query.andWhere('p.status = :status', { status: criteria.status });
  if (criteria.jurisdiction) query.andWhere('p.jurisdiction LIKE :scope', { scope: likePatternOf(criteria.jurisdiction) });
  return query;
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

/**
 * The escape character of LIKE patterns: SQLite has no default one and MariaDB reads a backslash in a string
 * literal as an escape itself, so a character that means the same to both.
 */
const LIKE_ESCAPE = '!';

/** Escapes `%`, `_` and the escape character for a LIKE pattern with `ESCAPE '!'`. */
export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`);
}
