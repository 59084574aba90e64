import { download, get, type Colour, type ProcedureKind, type Query } from '../api';

/** An open task of a supervised procedure and who holds it. */
export interface SupervisedTask {
  id: string;
  name: string | null;
  activityId: string;
  assignee: string | null;
  assigneeName: string | null;
  candidateGroups: string[];
  created: string;
}

/** A running or paused statutory clock of an open procedure (`GET /api/supervision/clocks`). */
export interface SupervisedClock {
  clockId: string;
  name: string;
  ruleId: string;
  ruleName: string;
  status: 'running' | 'paused';
  colour: Colour;
  startedAt: string;
  warnAt: string;
  dueAt: string;
  /** What is left in `unit`; negative once overdue (the time gone by since the due date). */
  remaining: number;
  unit: 'workingDays' | 'calendarDays' | 'hours';
  overdue: boolean;
  responsibleGroup: string | null;
  processInstanceId: string;
  kind: ProcedureKind;
  procedureKey: string;
  number: string | null;
  party: string | null;
  jurisdiction: string;
  procedureStatus: string;
  tasks: SupervisedTask[];
}

/** A count of a due list under one jurisdiction or officer. */
export interface DueGroup {
  key: string | null;
  name: string | null;
  count: number;
}

/** Answer of `GET /api/supervision/overdue`. */
export interface DueList {
  total: number;
  byJurisdiction: DueGroup[];
  byOfficer: DueGroup[];
  items: SupervisedClock[];
}

/** The figures the server counts, in its report order. */
export const MEASURE_IDS = [
  'procedures-started', 'inspections-done', 'problems-found', 'rectification-orders', 'admin-cases-opened', 'admin-cases-decided',
  'criminal-cases-opened', 'criminal-cases-closed', 'permits-issued', 'application-decisions', 'filings-accepted',
  'guard-certificates-issued', 'tips-received', 'tips-closed',
] as const;

/** A figure of `GET /api/supervision/figures`. */
export type Measure = (typeof MEASURE_IDS)[number];

/** A row of the figures by the dimensions asked for. */
export interface FigureRow {
  measure: Measure;
  label: string;
  procedure?: string | null;
  jurisdiction?: string | null;
  jurisdictionName?: string | null;
  month?: string | null;
  count: number;
}

/** Answer of `GET /api/supervision/figures`. */
export interface Figures {
  from: string;
  to: string;
  jurisdiction: string | null;
  scopes: string[];
  groupBy: string[];
  totals: Partial<Record<Measure, number>>;
  rows: FigureRow[];
}

/** A case waiting at a step of a procedure. */
export interface WaitingCase {
  processInstanceId: string;
  kind: ProcedureKind;
  number: string | null;
  party: string | null;
  jurisdiction: string;
  procedureStatus: string;
  taskId: string;
  taskName: string | null;
  assignee: string | null;
  assigneeName: string | null;
  created: string;
  colour: Colour | null;
  overdue: boolean;
}

/** A step of a procedure with the open cases waiting there. */
export interface ProcedureStep {
  activityId: string;
  name: string | null;
  count: number;
  colour: Colour | null;
  colours: Record<Colour | 'none', number>;
  cases: WaitingCase[];
}

/** Answer of `GET /api/supervision/procedures/{key}/steps`. */
export interface ProcedureSteps {
  procedureKey: string;
  name: string | null;
  processDefinitionId: string;
  version: number;
  xml: string;
  jurisdiction: string | null;
  scopes: string[];
  total: number;
  steps: ProcedureStep[];
}

/** A procedure deployed in the engine, at its newest version (`GET /api/supervision/procedures`). */
export interface DeployedProcedure {
  key: string;
  name: string | null;
  version: number;
}

/** Every deployed procedure, by key. */
export function deployedProcedures(): Promise<DeployedProcedure[]> {
  return get<DeployedProcedure[]>('/api/supervision/procedures');
}

/** A unit of the jurisdiction tree (`GET /api/jurisdictions`). */
export interface JurisdictionNode {
  code: string;
  name: string;
  level: string;
  authority: string | null;
  children: JurisdictionNode[];
}

/** The clock colours, from the least to the most urgent. */
export const COLOURS: readonly Colour[] = ['normal', 'blue', 'yellow', 'red'];

/** Most rows one page of the supervision lists holds (the server's limit). */
const PAGE = 500;

/** Every open clock of the jurisdiction (all of the caller's when none is given), read page by page. */
export async function allClocks(jurisdiction: string | undefined): Promise<SupervisedClock[]> {
  const items: SupervisedClock[] = [];
  for (;;) {
    const page = await get<{ total: number; items: SupervisedClock[] }>('/api/supervision/clocks', { jurisdiction, offset: items.length, limit: PAGE });
    items.push(...page.items);
    if (!page.items.length || items.length >= page.total) return items;
  }
}

/** The overdue clocks of the jurisdiction (the first {@link PAGE}), with the counts by jurisdiction and officer. */
export function overdueList(jurisdiction: string | undefined): Promise<DueList> {
  return get<DueList>('/api/supervision/overdue', { jurisdiction, limit: PAGE });
}

/** The figures of a period, in total or by month. */
export function figures(query: { from?: string; to?: string; jurisdiction?: string; groupBy?: string; measures?: string }): Promise<Figures> {
  return get<Figures>('/api/supervision/figures', query);
}

/** A procedure's newest diagram with its open cases by step. */
export function procedureSteps(key: string, jurisdiction: string | undefined): Promise<ProcedureSteps> {
  return get<ProcedureSteps>(`/api/supervision/procedures/${encodeURIComponent(key)}/steps`, { jurisdiction });
}

/** The caller's part of the jurisdiction tree. */
export function jurisdictionTree(): Promise<JurisdictionNode[]> {
  return get<JurisdictionNode[]>('/api/jurisdictions');
}

/** The CSV exports of the supervision API. */
export type ExportName = 'clocks' | 'overdue' | 'figures';

/** Downloads a CSV export of the server with the session's token: the file and the name the server gave it. */
export async function exportCsv(name: ExportName, query: Query): Promise<{ blob: Blob; fileName: string }> {
  const file = await download(`/api/supervision/${name}`, { ...query, format: 'csv' });
  return { blob: file.blob, fileName: file.fileName ?? `supervision-${name}.csv` };
}
