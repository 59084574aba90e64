/**
 * The types of what supervision answers (`/api/supervision`) as JSON: only types, without imports, so that the web
 * application reads the very same declarations (`import type`) as the server that answers with them. Times are ISO
 * 8601 texts and days `YYYY-MM-DD` here; the server holds a clock's times as `Date`s until it sends them.
 */

/** A clock's colour: normal, blue once half its period is used, yellow from its warning, red when overdue. */
export type ClockColour = 'normal' | 'blue' | 'yellow' | 'red';

/** The kind of record a procedure belongs to (as the view `wb_procedure` lists it). */
export type ProcedureKind = 'application' | 'tip' | 'inspection' | 'admin-case' | 'criminal-case' | 'revocation';

/** A figure supervision counts (`GET /api/supervision/figures`). */
export type Measure =
  | 'procedures-started' | 'inspections-done' | 'problems-found' | 'rectification-orders' | 'admin-cases-opened' | 'admin-cases-decided'
  | 'criminal-cases-opened' | 'criminal-cases-closed' | 'permits-issued' | 'application-decisions' | 'filings-accepted'
  | 'guard-certificates-issued' | 'tips-received' | 'tips-closed';

/** A dimension of the figures: procedure key, stage (status), outcome, type, jurisdiction, month (China time). */
export type FigureDimension = 'procedure' | 'stage' | 'outcome' | 'type' | 'jurisdiction' | 'month';

/** An open task of a supervised procedure and who holds it. */
export interface SupervisedTask {
  id: string;
  name: string | null;
  activityId: string;
  assignee: string | null;
  assigneeName: string | null;
  /** The groups that may claim it (only in lists that show single clocks). */
  candidateGroups: string[];
  created: string;
}

/** A running or paused statutory clock of an open procedure, with the procedure and its open tasks. */
export interface SupervisedClock {
  clockId: string;
  name: string;
  ruleId: string;
  ruleName: string;
  status: 'running' | 'paused';
  colour: ClockColour;
  startedAt: string;
  warnAt: string;
  dueAt: string;
  /** What is left in `unit`; negative once overdue (the time gone by since the due date). */
  remaining: number;
  unit: 'workingDays' | 'calendarDays' | 'hours';
  overdue: boolean;
  /** The group the clock's warnings go to, e.g. `case-440100`. */
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

/** Answer of `GET /api/supervision/clocks`: a page of clocks and the total. */
export interface ClockList {
  total: number;
  items: SupervisedClock[];
}

/** A count of a due list under one jurisdiction or one officer. */
export interface DueGroup {
  key: string | null;
  name: string | null;
  count: number;
}

/** Answer of `GET /api/supervision/overdue` and `GET /api/supervision/soon-due`. */
export interface DueList {
  total: number;
  byJurisdiction: DueGroup[];
  /** By the officer holding a task of the procedure; `key: null` counts clocks whose procedure no officer holds. */
  byOfficer: DueGroup[];
  items: SupervisedClock[];
}

/** A row of the figures: a measure, the value of each dimension asked for (null where it does not apply), and the count. */
export interface FigureRow {
  measure: Measure;
  label: string;
  procedure?: string | null;
  stage?: string | null;
  outcome?: string | null;
  type?: string | null;
  jurisdiction?: string | null;
  jurisdictionName?: string | null;
  month?: string | null;
  count: number;
}

/** Answer of `GET /api/supervision/figures`. */
export interface Figures {
  /** First day, `YYYY-MM-DD` in China time. */
  from: string;
  /** Last day, included. */
  to: string;
  /** The jurisdiction asked for; null when the caller's whole scope is counted. */
  jurisdiction: string | null;
  /** The caller's jurisdictions the figures cover (`*` for everywhere). */
  scopes: string[];
  groupBy: FigureDimension[];
  totals: Partial<Record<Measure, number>>;
  rows: FigureRow[];
}

/** A case waiting at a step of a procedure: its open task there, who holds it and the worst colour of its clocks. */
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
  /** When the task was created (the case reached the step). */
  created: string;
  /** The worst colour of the case's running clocks; null when none runs. */
  colour: ClockColour | null;
  overdue: boolean;
}

/** A step of a procedure with the open cases waiting there. */
export interface ProcedureStep {
  activityId: string;
  name: string | null;
  count: number;
  /** The worst colour among the waiting cases' clocks; null when none of them runs a clock. */
  colour: ClockColour | null;
  /** How many waiting cases are of each colour (`none`: no running clock). */
  colours: Record<ClockColour | 'none', number>;
  cases: WaitingCase[];
}

/** Answer of `GET /api/supervision/procedures/{key}/steps`: the procedure's newest diagram and its open cases by step. */
export interface ProcedureSteps {
  procedureKey: string;
  name: string | null;
  processDefinitionId: string;
  version: number;
  /** BPMN 2.0 XML of the newest version; cases of older versions are counted at the step of the same id. */
  xml: string;
  jurisdiction: string | null;
  scopes: string[];
  /** Open cases of the procedure in the jurisdictions asked for (a case waiting at two steps is counted at each). */
  total: number;
  steps: ProcedureStep[];
}

/** A business procedure deployed in the engine, at its newest version (`GET /api/supervision/procedures`). */
export interface DeployedProcedure {
  key: string;
  name: string | null;
  version: number;
}
