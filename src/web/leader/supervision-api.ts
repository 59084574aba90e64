import { download, get, type Colour, type Query } from '../api';
// the answers' types are the server's own (a module of types only; `import type` leaves nothing in the bundle)
import type {
  ClockList, DeployedProcedure, DueGroup, DueList, FigureRow, Figures, Measure, ProcedureStep, ProcedureSteps, SupervisedClock, SupervisedTask, WaitingCase,
} from '../../supervision/supervision-types';

export type { ClockList, DeployedProcedure, DueGroup, DueList, FigureRow, Figures, Measure, ProcedureStep, ProcedureSteps, SupervisedClock, SupervisedTask, WaitingCase };

/** The figures the server counts, in its report order. */
export const MEASURE_IDS = [
  'procedures-started', 'inspections-done', 'problems-found', 'rectification-orders', 'admin-cases-opened', 'admin-cases-decided',
  'criminal-cases-opened', 'criminal-cases-closed', 'permits-issued', 'application-decisions', 'filings-accepted',
  'guard-certificates-issued', 'tips-received', 'tips-closed',
] as const satisfies readonly Measure[];

/** Every deployed business procedure, by key. */
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
    const page = await get<ClockList>('/api/supervision/clocks', { jurisdiction, offset: items.length, limit: PAGE });
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
