import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { scopeCondition } from '../jurisdiction/index.js';
import type { FigureDimension as FigureDimensionJson, Measure as MeasureJson } from './supervision-types.js';

/** What a figure can be broken down by. */
export const FIGURE_DIMENSIONS = ['procedure', 'stage', 'outcome', 'type', 'jurisdiction', 'month'] as const satisfies readonly FigureDimensionJson[];

/** A dimension of the figures: procedure key, stage (status), outcome, type, jurisdiction, month (China time). */
export type FigureDimension = (typeof FIGURE_DIMENSIONS)[number];

/**
 * The figures supervision counts, with their Chinese names, in the order they are reported. Each counts events
 * of its period (by the date named), never a stored total:
 * - `procedures-started`: procedures started through the API (`wb_procedure.started_at`);
 * - `inspections-done`: inspections carried out (`inspection.inspected_at`), type = planned / random / unannounced;
 * - `problems-found`: the findings recorded on those inspections (one per line of the inspection form);
 * - `rectification-orders`: rectification orders issued (`lic_official_document` of type `rectification-order`);
 * - `admin-cases-opened` / `admin-cases-decided`: administrative cases accepted (`created_at`) and decided
 *   (`decided_at`), type = the violation of the penalty catalogue, outcome = the decision;
 * - `criminal-cases-opened` / `criminal-cases-closed`: criminal cases put to filing review and closed, stage =
 *   where they stand, outcome = how they ended;
 * - `permits-issued`: security service permits issued (`lic_permit.issued_at`);
 * - `application-decisions`: decisions on permit, filing and certificate applications (the status history:
 *   granted, refused, recorded, not accepted), outcome = the decision;
 * - `filings-accepted`: cross-region and in-house filings recorded;
 * - `guard-certificates-issued`: guard certificates issued (`lic_guard_certificate.issued_at`);
 * - `tips-received` / `tips-closed`: tips reported and closed, type = category, outcome = how they ended.
 */
export const MEASURES = {
  'procedures-started': '发起程序数',
  'inspections-done': '开展检查次数',
  'problems-found': '发现问题数',
  'rectification-orders': '责令整改通知书',
  'admin-cases-opened': '行政案件受案数',
  'admin-cases-decided': '行政案件决定数',
  'criminal-cases-opened': '刑事案件立案审查数',
  'criminal-cases-closed': '刑事案件结案数',
  'permits-issued': '核发保安服务许可证',
  'application-decisions': '许可与备案决定数',
  'filings-accepted': '备案数',
  'guard-certificates-issued': '核发保安员证',
  'tips-received': '受理投诉举报线索',
  'tips-closed': '办结投诉举报线索',
} as const satisfies Record<MeasureJson, string>;

/** A figure supervision counts. */
export type Measure = keyof typeof MEASURES;

/** Every measure, in report order. */
export const MEASURE_IDS = Object.keys(MEASURES) as Measure[];

/** One counted event: a row of a domain table inside the period and the jurisdictions asked for. */
export interface Fact {
  measure: Measure;
  at: Date;
  jurisdiction: string;
  procedure: string | null;
  stage: string | null;
  outcome: string | null;
  type: string | null;
  /** How much the row counts: 1, or the number of problems an inspection found. */
  weight: number;
}

/** The application statuses that are a decision on it. */
const DECISIONS = ['granted', 'refused', 'recorded', 'not-accepted'];
const FILINGS = ['cross-region-service-filing', 'in-house-guard-filing'];

/**
 * Reads the facts of `measures` whose date lies in `[from, to]` and whose jurisdiction lies in one of `scopes`
 * (`'*'` for everywhere), by plain SQL that runs alike on SQLite and MySQL/MariaDB: dates are compared as bound
 * instants, months are computed afterwards from the instants in China time.
 */
export async function readFacts(dataSource: DataSource, measures: readonly Measure[], from: Date, to: Date, scopes: readonly string[]): Promise<Fact[]> {
  const facts: Fact[] = [];
  for (const measure of measures) {
    const source = SOURCES[measure];
    const query = source.query(dataSource.createQueryBuilder() as Query);
    const scope = scopeCondition([{ column: source.jurisdiction }], scopes, 'scope');
    query.andWhere(`${source.at} >= :from`, { from }).andWhere(`${source.at} <= :to`, { to }).andWhere(scope.sql, scope.params);
    const rows = await query
      .addSelect(`${source.at}`, 'at')
      .addSelect(`${source.jurisdiction}`, 'jurisdiction')
      .getRawMany<Record<string, unknown>>();
    for (const raw of rows) {
      const weight = source.weight ? source.weight(raw) : 1;
      if (weight <= 0) continue;
      facts.push({
        measure, at: instantOf(raw['at']), jurisdiction: String(raw['jurisdiction']), weight,
        procedure: textOf(raw['procedure']) ?? source.procedure ?? null, stage: textOf(raw['stage']), outcome: textOf(raw['outcome']), type: textOf(raw['type']),
      });
    }
  }
  return facts;
}

/** A date-time column as read raw: a `Date` from MySQL, `YYYY-MM-DD HH:mm:ss.SSS` (UTC) text from SQLite. */
export function instantOf(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}

// helpers ////

type Query = SelectQueryBuilder<Record<string, unknown>>;

/** Where a measure's rows come from: the query, its date and jurisdiction columns, and what a row weighs. */
interface FactSource {
  query: (qb: Query) => Query;
  at: string;
  jurisdiction: string;
  procedure?: string;
  weight?: (raw: Record<string, unknown>) => number;
}

const inspectionColumns = (qb: Query, alias: string) =>
  qb.select(`${alias}.status`, 'stage').addSelect(`${alias}.result`, 'outcome').addSelect(`${alias}.kind`, 'type');
const adminCaseColumns = (qb: Query) =>
  qb.select('c.status', 'stage').addSelect('c.decision', 'outcome').addSelect('c.violation_id', 'type').from('admin_case', 'c');
const criminalCaseColumns = (qb: Query) =>
  qb.select('k.status', 'stage').addSelect('k.outcome', 'outcome').addSelect('k.source_type', 'type').from('criminal_case', 'k');
const decisionColumns = (qb: Query) =>
  qb.select('a.procedure_key', 'procedure').addSelect('a.status', 'stage').addSelect('e.status', 'outcome')
    .from('lic_status_event', 'e').innerJoin('lic_application', 'a', 'a.id = e.subject_id')
    .where("e.subject_type = 'application'");
const tipColumns = (qb: Query) =>
  qb.select('t.status', 'stage').addSelect('t.outcome', 'outcome').addSelect('t.category', 'type')
    .from('tip', 't').innerJoin('wb_procedure', 'p', "p.process_instance_id = t.process_instance_id AND p.kind = 'tip'");

const SOURCES: Record<Measure, FactSource> = {
  'procedures-started': {
    query: (qb) => qb.select('p.procedure_key', 'procedure').addSelect('p.status', 'stage').addSelect('p.kind', 'type').from('wb_procedure', 'p'),
    at: 'p.started_at', jurisdiction: 'p.jurisdiction',
  },
  'inspections-done': { query: (qb) => inspectionColumns(qb, 'i').from('inspection', 'i'), at: 'i.inspected_at', jurisdiction: 'i.region_code', procedure: 'inspection' },
  'problems-found': {
    query: (qb) => inspectionColumns(qb, 'i').addSelect('i.findings', 'findings').from('inspection', 'i').where('i.findings IS NOT NULL'),
    at: 'i.inspected_at', jurisdiction: 'i.region_code', procedure: 'inspection', weight: (raw) => findingsIn(raw['findings']),
  },
  'rectification-orders': {
    query: (qb) => inspectionColumns(qb, 'i').from('lic_official_document', 'd')
      .innerJoin('inspection', 'i', 'i.process_instance_id = d.process_instance_id').where("d.type = 'rectification-order'"),
    at: 'd.issued_at', jurisdiction: 'i.region_code', procedure: 'inspection',
  },
  'admin-cases-opened': { query: adminCaseColumns, at: 'c.created_at', jurisdiction: 'c.region_code', procedure: 'administrative-case' },
  'admin-cases-decided': { query: adminCaseColumns, at: 'c.decided_at', jurisdiction: 'c.region_code', procedure: 'administrative-case' },
  'criminal-cases-opened': { query: criminalCaseColumns, at: 'k.created_at', jurisdiction: 'k.region_code', procedure: 'criminal-case' },
  'criminal-cases-closed': { query: criminalCaseColumns, at: 'k.closed_at', jurisdiction: 'k.region_code', procedure: 'criminal-case' },
  'permits-issued': {
    query: (qb) => qb.select('m.status', 'stage').from('lic_permit', 'm'),
    at: 'm.issued_at', jurisdiction: 'm.region_code', procedure: 'security-company-permit',
  },
  'application-decisions': {
    query: (qb) => decisionColumns(qb).andWhere('e.status IN (:...decisions)', { decisions: DECISIONS }),
    at: 'e.at', jurisdiction: 'a.region_code',
  },
  'filings-accepted': {
    query: (qb) => decisionColumns(qb).andWhere("e.status = 'recorded'").andWhere('a.procedure_key IN (:...filings)', { filings: FILINGS }),
    at: 'e.at', jurisdiction: 'a.region_code',
  },
  'guard-certificates-issued': {
    query: (qb) => qb.select('g.status', 'stage').from('lic_guard_certificate', 'g'),
    at: 'g.issued_at', jurisdiction: 'g.region_code', procedure: 'guard-certificate',
  },
  'tips-received': { query: tipColumns, at: 't.created_at', jurisdiction: 'p.jurisdiction', procedure: 'tip-verification' },
  'tips-closed': { query: tipColumns, at: 't.closed_at', jurisdiction: 'p.jurisdiction', procedure: 'tip-verification' },
};

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The number of findings in an inspection's JSON array of findings. */
function findingsIn(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.length : 0;
}
