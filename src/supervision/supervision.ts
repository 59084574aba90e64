import { In, type DataSource } from 'typeorm';
import type { Principal } from '../auth/tokens.js';
import { endOfLocalDay, startOfLocalDay, toLocalDate, type ClockColour, type LocalDate } from '../clocks/index.js';
import { EngineRequestError, type EngineClient } from '../engine-client/engine-client.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { IdentityService } from '../identity/identity.service.js';
import { can, contains, JURISDICTION_LEVELS, JurisdictionEntity, levelOf, scopeCondition, scopesOf } from '../jurisdiction/index.js';
import type { ClockService, ClockView } from '../licensing/clock-service.js';
import { ClockEntity } from '../licensing/permit.entity.js';
import { PROCEDURES } from '../licensing/procedures.js';
import type { ProcedureIndex, ProcedureRow } from '../workbench/procedure-index.js';
import { MEASURE_IDS, MEASURES, readFacts, type FigureDimension, type Measure } from './figures.js';
import { localize } from '../language.js';
import type {
  DeployedProcedure, DueGroup, DueList as DueListJson, FigureRow, Figures, ProcedureKind as ProcedureKindJson, ProcedureStep, ProcedureSteps,
  SupervisedClock as SupervisedClockJson, SupervisedTask, WaitingCase,
} from './supervision-types.js';

// the answers' types are shared with the web application (a module of types only)
export type { DeployedProcedure, DueGroup, FigureRow, Figures, ProcedureStep, ProcedureSteps, SupervisedTask, WaitingCase };

/** The kinds of procedure the view `wb_procedure` lists. */
export const PROCEDURE_KINDS = ['application', 'tip', 'inspection', 'admin-case', 'criminal-case', 'revocation'] as const satisfies readonly ProcedureKindJson[];

/** A kind of procedure. */
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

/**
 * The business procedures (BPMN process keys) supervision covers, by the kind of record that starts them as the view
 * `wb_procedure` lists them: the licensing procedures of the catalogue, tips, inspections, administrative and criminal
 * cases, revocations of guard certificates. Other models deployed in the engine, such as the example 示例：问候
 * (`example-greeting`), are no business procedures: leaders neither see them listed nor look into them.
 */
export const SUPERVISED_PROCEDURES: Readonly<Record<ProcedureKind, readonly string[]>> = {
  application: Object.keys(PROCEDURES),
  tip: ['tip-verification'],
  inspection: ['inspection'],
  'admin-case': ['administrative-case'],
  'criminal-case': ['criminal-case'],
  revocation: ['guard-certificate-revocation'],
};

/** Whether `key` is a business procedure supervision covers (see {@link SUPERVISED_PROCEDURES}). */
export function isSupervisedProcedure(key: string): boolean {
  return Object.values(SUPERVISED_PROCEDURES).some((keys) => keys.includes(key));
}

/** What {@link Supervision} needs. */
export interface SupervisionDeps {
  dataSource: DataSource;
  /** The engine's REST API as the service account: supervision reads every task of the jurisdictions it covers. */
  engine: EngineClient;
  clocks: ClockService;
  procedures: ProcedureIndex;
  identity: Pick<IdentityService, 'getUser'>;
  now: () => Date;
}

/** Filters, order and page of the clock list. */
export interface ClockFilter {
  jurisdiction?: string;
  colour?: ClockColour;
  kind?: ProcedureKind;
  procedure?: string;
  overdue?: boolean;
  dueBefore?: Date;
  offset: number;
  limit: number;
}

/** Filters and page of the overdue and soon-due lists. */
export interface DueListFilter {
  jurisdiction?: string;
  kind?: ProcedureKind;
  procedure?: string;
  offset: number;
  limit: number;
}

/** What {@link Supervision.figures} counts: a period of local days in China time, where, and broken down by what. */
export interface FiguresQuery {
  /** First day, `YYYY-MM-DD` in China time; 1 January of this year by default. */
  from?: LocalDate;
  /** Last day, included; today by default. */
  to?: LocalDate;
  jurisdiction?: string;
  groupBy: FigureDimension[];
  /** The figures wanted; all by default. */
  measures?: Measure[];
}

/** A running (or paused) clock of an open procedure, with the procedure and its open tasks; its times as `Date`s. */
export interface SupervisedClock extends Omit<SupervisedClockJson, 'startedAt' | 'warnAt' | 'dueAt'> {
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
}

/** An overdue or soon-due list: every clock on it (paged), and the counts by jurisdiction and by officer. */
export interface DueList extends Omit<DueListJson, 'items'> {
  items: SupervisedClock[];
}

/** Most procedures a list reads open tasks for in one engine call. */
const TASK_CHUNK = 200;

/**
 * Supervision (督办) for leaders and administrators: the statutory clocks of every open procedure in the caller's
 * jurisdiction and below with their colours and the officers holding them, the overdue and soon-due lists grouped
 * by jurisdiction and by officer, and the figures of a period (inspections done, problems found, rectification
 * orders, cases, permits, filings, certificates and tips) by procedure, stage, outcome, type, jurisdiction and
 * month. Needs the permission `supervision.read`; asking for a jurisdiction outside the caller's is refused.
 */
export class Supervision {
  constructor(private readonly deps: SupervisionDeps) {}

  /** The clocks of open procedures matching `filter`, the nearest due first, paged, with the total. */
  async clocks(principal: Principal, filter: ClockFilter): Promise<{ total: number; items: SupervisedClock[] }> {
    const scopes = this.scopesFor(principal, filter.jurisdiction);
    const matching = (await this.openClocks(scopes, filter)).filter((c) =>
      (filter.colour === undefined || c.colour === filter.colour)
      && (filter.overdue === undefined || c.overdue === filter.overdue)
      && (filter.dueBefore === undefined || c.dueAt.getTime() < filter.dueBefore.getTime()));
    const page = matching.slice(filter.offset, filter.offset + filter.limit);
    await this.attachTasks(page, true);
    return { total: matching.length, items: page };
  }

  /** The clocks past their due date (red), grouped by jurisdiction and by officer. */
  async overdue(principal: Principal, filter: DueListFilter): Promise<DueList> {
    return this.dueList(principal, filter, (c) => c.overdue);
  }

  /** The clocks that reached their warning but not yet their due date (yellow), grouped by jurisdiction and by officer. */
  async soonDue(principal: Principal, filter: DueListFilter): Promise<DueList> {
    return this.dueList(principal, filter, (c) => !c.overdue && c.colour === 'yellow');
  }

  /** The counts of the period, in the caller's jurisdictions, broken down by `groupBy`. */
  async figures(principal: Principal, query: FiguresQuery): Promise<Figures> {
    const scopes = this.scopesFor(principal, query.jurisdiction);
    const today = toLocalDate(this.deps.now());
    const from = query.from ?? `${today.slice(0, 4)}-01-01`;
    const to = query.to ?? today;
    const measures = query.measures?.length ? MEASURE_IDS.filter((m) => query.measures?.includes(m)) : MEASURE_IDS;
    const facts = await readFacts(this.deps.dataSource, measures, startOfLocalDay(from), endOfLocalDay(to), scopes);
    const dims = new Set(query.groupBy);
    const rows = new Map<string, FigureRow>();
    for (const fact of facts) {
      const row: FigureRow = { measure: fact.measure, label: MEASURES[fact.measure], count: 0 };
      if (dims.has('procedure')) row.procedure = fact.procedure;
      if (dims.has('stage')) row.stage = fact.stage;
      if (dims.has('outcome')) row.outcome = fact.outcome;
      if (dims.has('type')) row.type = fact.type;
      if (dims.has('jurisdiction')) row.jurisdiction = unitUnder(scopes, fact.jurisdiction);
      if (dims.has('month')) row.month = toLocalDate(fact.at).slice(0, 7);
      const key = JSON.stringify([row.measure, row.procedure, row.stage, row.outcome, row.type, row.jurisdiction, row.month]);
      const existing = rows.get(key) ?? row;
      existing.count += fact.weight;
      rows.set(key, existing);
    }
    if (dims.has('jurisdiction')) {
      const names = await this.jurisdictionNames([...rows.values()].map((r) => r.jurisdiction ?? ''));
      for (const row of rows.values()) row.jurisdictionName = names.get(row.jurisdiction ?? '') ?? null;
    }
    if (!dims.size) for (const m of measures) if (![...rows.values()].some((r) => r.measure === m)) rows.set(m, { measure: m, label: MEASURES[m], count: 0 });
    const totals = Object.fromEntries(measures.map((m) => [m, facts.filter((f) => f.measure === m).reduce((sum, f) => sum + f.weight, 0)]));
    const order = (r: FigureRow) => MEASURE_IDS.indexOf(r.measure);
    const sorted = [...rows.values()].sort((a, b) => order(a) - order(b) || compareDims(a, b));
    return { from, to, jurisdiction: query.jurisdiction ?? null, scopes, groupBy: FIGURE_ORDER.filter((d) => dims.has(d)), totals, rows: sorted };
  }

  /**
   * Every business procedure deployed in the engine ({@link SUPERVISED_PROCEDURES}), by key, at its newest version:
   * the procedures a supervisor may look into. Other deployed models (the example 示例：问候) are left out.
   */
  async procedures(principal: Principal): Promise<DeployedProcedure[]> {
    this.scopesFor(principal, undefined);
    const definitions = await this.deps.engine.request<Array<{ key: string; name: string | null; version: number }>>('GET', '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc');
    const byKey = new Map<string, DeployedProcedure>();
    for (const d of definitions) {
      if (!isSupervisedProcedure(d.key)) continue;
      const known = byKey.get(d.key);
      if (!known || d.version > known.version) byKey.set(d.key, { key: d.key, name: d.name ?? null, version: d.version });
    }
    return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * The newest diagram of procedure `key` and, for each step, the open tasks of its cases in the caller's
   * jurisdictions (or the one asked for) with the worst colour of each case's running clocks. Cases are scoped by
   * the procedure's jurisdiction exactly like {@link clocks}. 404 when no business procedure of that key
   * ({@link SUPERVISED_PROCEDURES}) is deployed.
   */
  async steps(principal: Principal, key: string, filter: { jurisdiction?: string }): Promise<ProcedureSteps> {
    const scopes = this.scopesFor(principal, filter.jurisdiction);
    const engine = this.deps.engine;
    const notDeployed = () => new NotFoundError('NOT_FOUND', localize(`No procedure ${key} is deployed`, `未部署办理事项 ${key}`));
    if (!isSupervisedProcedure(key)) throw notDeployed();
    let definition: { id: string; key: string; name: string | null; version: number };
    try {
      definition = await engine.request('GET', `/process-definition/key/${encodeURIComponent(key)}`);
    } catch (error) {
      if (error instanceof EngineRequestError && (error.status === 404 || error.status === 400)) throw notDeployed();
      throw error;
    }
    const { bpmn20Xml } = await engine.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(definition.id)}/xml`);
    const tasks = await engine.request<EngineTask[]>('POST', '/task?firstResult=0&maxResults=10000', {
      processDefinitionKey: key, sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
    });
    const inScope = await this.inScope([...new Set(tasks.map((t) => t.processInstanceId))], key, scopes);
    const waiting = tasks.filter((t) => inScope.has(t.processInstanceId));
    const pids = [...new Set(waiting.map((t) => t.processInstanceId))];
    const procedures = await this.deps.procedures.byInstances(pids);
    const clocks = await this.worstClocks(pids);
    const names = await this.userNames([...new Set(waiting.map((t) => t.assignee).filter((a): a is string => a !== null))]);
    const steps = new Map<string, ProcedureStep>();
    for (const task of waiting) {
      const procedure = procedures.get(task.processInstanceId);
      if (!procedure) continue;
      const step = steps.get(task.taskDefinitionKey)
        ?? { activityId: task.taskDefinitionKey, name: task.name, count: 0, colour: null, colours: { normal: 0, blue: 0, yellow: 0, red: 0, none: 0 }, cases: [] };
      const clock = clocks.get(task.processInstanceId) ?? null;
      step.cases.push({
        processInstanceId: task.processInstanceId, kind: procedure.kind, number: procedure.number, party: procedure.party, jurisdiction: procedure.jurisdiction, procedureStatus: procedure.status,
        taskId: task.id, taskName: task.name, assignee: task.assignee, assigneeName: task.assignee === null ? null : (names.get(task.assignee) ?? null), created: task.created,
        colour: clock?.colour ?? null, overdue: clock?.overdue ?? false,
      });
      step.count += 1;
      step.colours[clock?.colour ?? 'none'] += 1;
      if (clock && (step.colour === null || COLOUR_RANK.indexOf(clock.colour) > COLOUR_RANK.indexOf(step.colour))) step.colour = clock.colour;
      steps.set(task.taskDefinitionKey, step);
    }
    return {
      procedureKey: definition.key, name: definition.name, processDefinitionId: definition.id, version: definition.version, xml: bpmn20Xml,
      jurisdiction: filter.jurisdiction ?? null, scopes, total: new Set([...steps.values()].flatMap((s) => s.cases.map((c) => c.processInstanceId))).size,
      steps: [...steps.values()].sort((a, b) => b.count - a.count || (a.activityId < b.activityId ? -1 : 1)),
    };
  }

  // helpers ////

  /** Those of the process instances whose procedure is `key` and lies in `scopes` (as `wb_procedure` records it). */
  private async inScope(pids: string[], key: string, scopes: readonly string[]): Promise<Set<string>> {
    const result = new Set<string>();
    const scope = scopeCondition([{ column: 'p.jurisdiction' }], scopes, 'scope');
    for (let i = 0; i < pids.length; i += TASK_CHUNK) {
      const chunk = pids.slice(i, i + TASK_CHUNK);
      const rows = await this.deps.dataSource.createQueryBuilder().select('p.process_instance_id', 'pid').from('wb_procedure', 'p')
        .where('p.process_instance_id IN (:...pids)', { pids: chunk }).andWhere('p.procedure_key = :key', { key })
        .andWhere(scope.sql, scope.params).getRawMany<{ pid: string }>();
      for (const row of rows) result.add(String(row.pid));
    }
    return result;
  }

  /** The worst running or paused clock of each process instance: its colour and whether it is overdue. */
  private async worstClocks(pids: string[]): Promise<Map<string, { colour: ClockColour; overdue: boolean }>> {
    const worst = new Map<string, { colour: ClockColour; overdue: boolean }>();
    for (let i = 0; i < pids.length; i += 500) {
      const clocks = await this.deps.dataSource.getRepository(ClockEntity).find({ where: { processInstanceId: In(pids.slice(i, i + 500)) } });
      for (const clock of clocks) {
        if (clock.status === 'stopped') continue;
        const view = this.deps.clocks.view(clock);
        const known = worst.get(clock.processInstanceId);
        if (!known || COLOUR_RANK.indexOf(view.colour) > COLOUR_RANK.indexOf(known.colour)) worst.set(clock.processInstanceId, { colour: view.colour, overdue: view.overdue || (known?.overdue ?? false) });
        else if (view.overdue) known.overdue = true;
      }
    }
    return worst;
  }

  /**
   * The jurisdictions a request covers: the one asked for, which must lie within the caller's, or all of the
   * caller's. Throws `ForbiddenError` for callers without `supervision.read` and for foreign jurisdictions.
   */
  private scopesFor(principal: Principal, jurisdiction: string | undefined): string[] {
    const scopes = scopesOf(principal, 'supervision.read');
    if (!scopes.length) throw new ForbiddenError('FORBIDDEN', localize('Supervision is for leaders and administrators (permission supervision.read)', '只有领导和系统管理员可以查看监管看板'));
    if (jurisdiction === undefined) return scopes;
    if (!can(principal, 'supervision.read', jurisdiction)) {
      throw new ForbiddenError('FORBIDDEN', localize(`Jurisdiction ${jurisdiction} is outside yours (${scopes.join(', ')}): you supervise only your jurisdiction and below`, `管辖单位 ${jurisdiction} 不在您的管辖范围（${scopes.join('、')}）内，只能监管本单位及下级单位`));
    }
    return [jurisdiction];
  }

  private async dueList(principal: Principal, filter: DueListFilter, on: (c: SupervisedClock) => boolean): Promise<DueList> {
    const scopes = this.scopesFor(principal, filter.jurisdiction);
    const listed = (await this.openClocks(scopes, filter)).filter(on);
    await this.attachTasks(listed, false);
    const byJurisdiction = new Map<string, number>();
    const byOfficer = new Map<string | null, number>();
    for (const clock of listed) {
      const unit = unitUnder(scopes, clock.jurisdiction);
      byJurisdiction.set(unit, (byJurisdiction.get(unit) ?? 0) + 1);
      for (const officer of officersOf(clock)) byOfficer.set(officer, (byOfficer.get(officer) ?? 0) + 1);
    }
    const names = await this.jurisdictionNames([...byJurisdiction.keys()]);
    const officerNames = await this.userNames([...byOfficer.keys()].filter((k): k is string => k !== null));
    const page = listed.slice(filter.offset, filter.offset + filter.limit);
    await this.attachCandidateGroups(page);
    return {
      total: listed.length,
      byJurisdiction: sortGroups([...byJurisdiction].map(([key, count]) => ({ key, name: names.get(key) ?? null, count }))),
      byOfficer: sortGroups([...byOfficer].map(([key, count]) => ({ key, name: key === null ? '未分配' : (officerNames.get(key) ?? null), count }))),
      items: page,
    };
  }

  /** Every running or paused clock of a procedure in `scopes` matching the procedure filters, the nearest due first. */
  private async openClocks(scopes: readonly string[], filter: { kind?: ProcedureKind; procedure?: string }): Promise<SupervisedClock[]> {
    const scope = scopeCondition([{ column: 'p.jurisdiction' }], scopes, 'scope');
    const query = this.deps.dataSource.createQueryBuilder().select('p.process_instance_id', 'pid').from('wb_procedure', 'p')
      .where("EXISTS (SELECT 1 FROM lic_clock c WHERE c.process_instance_id = p.process_instance_id AND c.status <> 'stopped')")
      .andWhere(scope.sql, scope.params);
    if (filter.kind) query.andWhere('p.kind = :kind', { kind: filter.kind });
    if (filter.procedure) query.andWhere('p.procedure_key = :key', { key: filter.procedure });
    const pids = (await query.getRawMany<{ pid: string }>()).map((r) => String(r.pid));
    const procedures = await this.deps.procedures.byInstances(pids);
    const result: SupervisedClock[] = [];
    for (let i = 0; i < pids.length; i += 500) {
      const chunk = pids.slice(i, i + 500);
      const clocks = await this.deps.dataSource.getRepository(ClockEntity).find({ where: { processInstanceId: In(chunk) } });
      for (const clock of clocks) {
        const procedure = procedures.get(clock.processInstanceId);
        if (clock.status === 'stopped' || !procedure) continue;
        result.push(supervised(clock, this.deps.clocks.view(clock), procedure));
      }
    }
    return result.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.clockId < b.clockId ? -1 : a.clockId > b.clockId ? 1 : 0));
  }

  /** Puts the open tasks of their procedures on the clocks (with their candidate groups when `withGroups`). */
  private async attachTasks(clocks: SupervisedClock[], withGroups: boolean): Promise<void> {
    const pids = [...new Set(clocks.map((c) => c.processInstanceId))];
    const byInstance = new Map<string, SupervisedTask[]>();
    for (let i = 0; i < pids.length; i += TASK_CHUNK) {
      const chunk = pids.slice(i, i + TASK_CHUNK);
      const tasks = await this.deps.engine.request<EngineTask[]>('POST', '/task?firstResult=0&maxResults=10000', {
        processInstanceIdIn: chunk, sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
      });
      for (const t of tasks) {
        const list = byInstance.get(t.processInstanceId) ?? [];
        list.push({ id: t.id, name: t.name, activityId: t.taskDefinitionKey, assignee: t.assignee, assigneeName: null, candidateGroups: [], created: t.created });
        byInstance.set(t.processInstanceId, list);
      }
    }
    const all = [...byInstance.values()].flat();
    const names = await this.userNames([...new Set(all.map((t) => t.assignee).filter((a): a is string => a !== null))]);
    for (const task of all) task.assigneeName = task.assignee === null ? null : (names.get(task.assignee) ?? null);
    // each clock of a procedure gets its own copies, so that groups put on one page item do not leak to another
    for (const clock of clocks) clock.tasks = (byInstance.get(clock.processInstanceId) ?? []).map((t) => ({ ...t, candidateGroups: [...t.candidateGroups] }));
    if (withGroups) await this.attachCandidateGroups(clocks);
  }

  private async attachCandidateGroups(clocks: SupervisedClock[]): Promise<void> {
    const groups = new Map<string, string[]>();
    for (const task of clocks.flatMap((c) => c.tasks)) {
      let found = groups.get(task.id);
      if (!found) {
        const links = await this.deps.engine.request<Array<{ type: string; groupId: string | null }>>('GET', `/task/${encodeURIComponent(task.id)}/identity-links`);
        found = links.filter((l) => l.type === 'candidate' && l.groupId !== null).map((l) => l.groupId as string).sort();
        groups.set(task.id, found);
      }
      task.candidateGroups = found;
    }
  }

  private async jurisdictionNames(codes: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(codes.filter(Boolean))];
    if (!wanted.length) return new Map();
    const rows = await this.deps.dataSource.getRepository(JurisdictionEntity).find({ where: { code: In(wanted) } });
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  private async userNames(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of ids) {
      const user = await this.deps.identity.getUser(id);
      if (user) names.set(id, user.name);
    }
    return names;
  }
}

// helpers ////

/** A runtime task as the engine's REST API returns it (the fields used here). */
interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  processInstanceId: string;
  taskDefinitionKey: string;
}

/** The clock colours from the best to the worst. */
const COLOUR_RANK: readonly ClockColour[] = ['normal', 'blue', 'yellow', 'red'];

const FIGURE_ORDER: readonly FigureDimension[] = ['procedure', 'stage', 'outcome', 'type', 'jurisdiction', 'month'];

function supervised(clock: ClockEntity, view: ClockView, procedure: ProcedureRow): SupervisedClock {
  return {
    clockId: clock.id, name: view.name, ruleId: view.ruleId, ruleName: view.ruleName, status: clock.status === 'paused' ? 'paused' : 'running',
    colour: view.colour, startedAt: view.startedAt, warnAt: view.warnAt, dueAt: view.dueAt, remaining: view.remaining, unit: view.unit,
    overdue: view.overdue, responsibleGroup: clock.responsibleGroup, processInstanceId: procedure.processInstanceId, kind: procedure.kind,
    procedureKey: procedure.procedureKey, number: procedure.number, party: procedure.party, jurisdiction: procedure.jurisdiction,
    procedureStatus: procedure.status, tasks: [],
  };
}

/** The officers holding a task of the clock's procedure; `[null]` when nobody holds one. */
function officersOf(clock: SupervisedClock): Array<string | null> {
  const assignees = [...new Set(clock.tasks.map((t) => t.assignee).filter((a): a is string => a !== null))];
  return assignees.length ? assignees : [null];
}

/**
 * The unit directly below the caller's broadest scope that contains `code` (a city under the province, a
 * district under a city, a station under a district); the code itself when it is that scope or a station.
 * Administrators (`*`) see cities.
 */
function unitUnder(scopes: readonly string[], code: string): string {
  const containing = scopes.includes('*') ? [] : scopes.filter((s) => contains(s, code));
  const scope = containing.sort((a, b) => JURISDICTION_LEVELS.indexOf(levelOf(a)) - JURISDICTION_LEVELS.indexOf(levelOf(b)))[0];
  const level = scope ? levelOf(scope) : 'province';
  const division = code.slice(0, 6);
  if (level === 'province') return division.endsWith('0000') ? division : `${code.slice(0, 4)}00`;
  if (level === 'city') return division;
  return code;
}

function sortGroups(groups: DueGroup[]): DueGroup[] {
  return groups.sort((a, b) => b.count - a.count || (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function compareDims(a: FigureRow, b: FigureRow): number {
  for (const dim of FIGURE_ORDER) {
    const x = a[dim] ?? null;
    const y = b[dim] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
