import type { AuditContext } from '../audit/audit-context.js';
import type { AuditLog } from '../audit/audit-log.js';
import { CALENDAR_GAP_PREFIX } from '../clocks/index.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { EngineRequestError } from '../engine-client/engine-client.js';
import { isoFromEngine } from '../engine-client/variables.js';
import { NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import { localize } from '../language.js';

/** An incident types whose cause a retry can cure: a worker's failed step, a failed job. */
const RETRYABLE = new Set(['failedExternalTask', 'failedJob']);

/** The attempts a retried step gets, as a new step has (the workers' default). */
const RETRIED_ATTEMPTS = 3;

/** A stopped step of a running procedure (流程异常), as operators see it. */
export interface IncidentSummary {
  id: string;
  /** The engine's incident type, e.g. `failedExternalTask` (a worker's step), `failedJob` (a timer or asynchronous step). */
  type: string;
  /** What went wrong, as the worker or the engine reported it. */
  message: string | null;
  at: Date;
  processInstanceId: string | null;
  processDefinitionKey: string | null;
  /** The procedure's name (from its model) and the version the case runs on. */
  procedureName: string | null;
  version: number | null;
  /** The step that stopped, with its name from the model. */
  activityId: string | null;
  activityName: string | null;
  /** The case's number (the process's business key). */
  businessKey: string | null;
  /** Whether sending the step again can help (a worker's step or a job). */
  retryable: boolean;
  /** The year the holiday calendar lacked, when that is why the step stopped (entering it resumes the step). */
  calendarYear: number | null;
}

/** An incident with the stack trace or error details its worker or job left. */
export interface IncidentDetail extends IncidentSummary {
  details: string | null;
}

/** What {@link Incidents} needs. */
export interface IncidentsDeps {
  /** The engine as the service account (embedded or remote alike). */
  engine: EngineClient;
  audit: Pick<AuditLog, 'append'>;
}

interface EngineIncident {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  incidentTimestamp: string;
  processDefinitionId: string | null;
  processInstanceId: string | null;
  activityId: string | null;
  configuration: string | null;
}

interface EngineDefinition {
  id: string;
  key: string;
  name: string | null;
  version: number;
}

/**
 * The stopped steps of running procedures (Camunda's incidents) for those who operate the system: listed with their
 * procedure, case and step by name, read with the worker's error details, and sent again (one or many at once,
 * audited as `incident.retry`). Works against the embedded and a remote engine alike, through its REST API.
 */
export class Incidents {
  constructor(private readonly deps: IncidentsDeps) {}

  /** Open incidents, newest first, optionally of one procedure (`processDefinitionKey`). */
  async list(query: { processDefinitionKey?: string | undefined; offset: number; limit: number }): Promise<{ items: IncidentSummary[]; total: number }> {
    const filter = query.processDefinitionKey ? `&processDefinitionKeyIn=${encodeURIComponent(query.processDefinitionKey)}` : '';
    const [incidents, { count }] = await Promise.all([
      this.deps.engine.request<EngineIncident[]>('GET', `/incident?sortBy=incidentTimestamp&sortOrder=desc&firstResult=${query.offset}&maxResults=${query.limit}${filter}`),
      this.deps.engine.request<{ count: number }>('GET', `/incident/count?${filter.slice(1)}`),
    ]);
    return { items: await this.summaries(incidents), total: count };
  }

  /** One open incident with its error details; 404 when there is none with that id (it may have been resolved). */
  async get(id: string): Promise<IncidentDetail> {
    const incident = await this.incident(id);
    NotFoundError.assert(incident, 'NOT_FOUND', localize(`There is no open incident ${id}`, `没有编号为 ${id} 的待处理异常`));
    const [summary] = await this.summaries([incident]);
    return { ...(summary as IncidentSummary), details: await this.detailsOf(incident) };
  }

  /**
   * Sends the steps of the incidents `ids` again, each with fresh attempts: all of them or, when one is not open or
   * not retryable, none (`VALIDATION_FAILED` naming each at `ids.<index>`). Returns the ids retried.
   */
  async retry(ids: readonly string[], by: AuditContext): Promise<string[]> {
    const found = await Promise.all(ids.map((id) => this.incident(id)));
    const issues: ValidationIssue[] = [];
    found.forEach((incident, index) => {
      if (!incident) issues.push({ path: `ids.${index}`, message: localize(`${ids[index]} is not an open incident (it may have been resolved)`, `${ids[index]} 不是待处理的异常（可能已处理）`) });
      else if (!RETRYABLE.has(incident.incidentType) || !incident.configuration) issues.push({ path: `ids.${index}`, message: localize(`${incident.id} cannot be retried (${incident.incidentType})`, `${incident.id} 不能重试（${incident.incidentType}）`) });
    });
    if (issues.length) throw new ValidationError(localize('Some incidents cannot be retried; none was', '部分异常不能重试，均未重试'), issues);
    const retried: string[] = [];
    for (const incident of found as EngineIncident[]) {
      const path = incident.incidentType === 'failedJob' ? '/job' : '/external-task';
      await this.deps.engine.request('PUT', `${path}/${encodeURIComponent(incident.configuration as string)}/retries`, { retries: RETRIED_ATTEMPTS });
      await this.deps.audit.append({
        ...by, action: 'incident.retry', subjectType: 'incident', subjectId: incident.id,
        details: { processInstanceId: incident.processInstanceId, activityId: incident.activityId, type: incident.incidentType, message: incident.incidentMessage },
      });
      retried.push(incident.id);
    }
    return retried;
  }

  // helpers ////

  private async incident(id: string): Promise<EngineIncident | null> {
    try {
      return await this.deps.engine.request<EngineIncident>('GET', `/incident/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) return null;
      throw error;
    }
  }

  private async summaries(incidents: readonly EngineIncident[]): Promise<IncidentSummary[]> {
    const definitions = new Map<string, Promise<EngineDefinition | null>>();
    const definition = (id: string | null) => {
      if (!id) return Promise.resolve(null);
      let found = definitions.get(id);
      if (!found) definitions.set(id, (found = this.deps.engine.request<EngineDefinition>('GET', `/process-definition/${encodeURIComponent(id)}`).catch(() => null)));
      return found;
    };
    return Promise.all(incidents.map(async (i): Promise<IncidentSummary> => {
      const [d, businessKey, activityName] = await Promise.all([definition(i.processDefinitionId), this.businessKeyOf(i.processInstanceId), this.activityNameOf(i)]);
      const gap = i.incidentMessage?.startsWith(CALENDAR_GAP_PREFIX) ? Number.parseInt(i.incidentMessage.slice(CALENDAR_GAP_PREFIX.length, CALENDAR_GAP_PREFIX.length + 4), 10) : NaN;
      return {
        id: i.id, type: i.incidentType, message: i.incidentMessage, at: new Date(isoFromEngine(i.incidentTimestamp)),
        processInstanceId: i.processInstanceId, processDefinitionKey: d?.key ?? null, procedureName: d?.name ?? null, version: d?.version ?? null,
        activityId: i.activityId, activityName, businessKey,
        retryable: RETRYABLE.has(i.incidentType) && i.configuration !== null,
        calendarYear: Number.isInteger(gap) ? gap : null,
      };
    }));
  }

  private async businessKeyOf(processInstanceId: string | null): Promise<string | null> {
    if (!processInstanceId) return null;
    const instance = await this.deps.engine.request<{ businessKey: string | null }>('GET', `/process-instance/${encodeURIComponent(processInstanceId)}`).catch(() => null);
    return instance?.businessKey ?? null;
  }

  private async activityNameOf(incident: EngineIncident): Promise<string | null> {
    if (!incident.processInstanceId || !incident.activityId) return null;
    const activities = await this.deps.engine.request<Array<{ activityName: string | null }>>('GET',
      `/history/activity-instance?processInstanceId=${encodeURIComponent(incident.processInstanceId)}&activityId=${encodeURIComponent(incident.activityId)}&sortBy=startTime&sortOrder=desc&maxResults=1`).catch(() => []);
    return activities[0]?.activityName ?? null;
  }

  private async detailsOf(incident: EngineIncident): Promise<string | null> {
    if (!incident.configuration) return null;
    const path = incident.incidentType === 'failedJob' ? `/job/${encodeURIComponent(incident.configuration)}/stacktrace`
      : incident.incidentType === 'failedExternalTask' ? `/external-task/${encodeURIComponent(incident.configuration)}/errorDetails` : null;
    if (!path) return null;
    const details = await this.deps.engine.request<unknown>('GET', path).catch(() => null);
    return typeof details === 'string' ? details : details === null ? null : JSON.stringify(details);
  }
}
