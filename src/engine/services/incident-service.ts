import { EngineException, InvalidRequestException } from '../errors.js';
import { fromRow, T, type IncidentRow } from '../persistence/tables.js';
import type { Actor } from '../runtime/command-context.js';
import { history } from '../runtime/history.js';
import type { CommandExecutor } from './command-executor.js';
import { limit, orderBy, Where, type Paging, type SortSpec } from './query-builder.js';

/** Filters of `GET /incident` (and `…/count`). Dates are epoch milliseconds. */
export interface IncidentQuery extends Paging {
  incidentId?: string; incidentType?: string; incidentMessage?: string; incidentMessageLike?: string; processDefinitionId?: string;
  processDefinitionKeyIn?: string[]; processInstanceId?: string; executionId?: string; incidentTimestampBefore?: number;
  incidentTimestampAfter?: number; activityId?: string; failedActivityId?: string; causeIncidentId?: string;
  rootCauseIncidentId?: string; configuration?: string; tenantIdIn?: string[]; jobDefinitionIdIn?: string[]; sorting?: SortSpec[];
}

/** Incident `sortBy` values (Camunda 7.23 `IncidentQueryDto`) → columns. */
export const INCIDENT_SORT_COLUMNS: Record<string, string> = {
  incidentId: 'i.id', incidentMessage: 'i.incident_msg', incidentTimestamp: 'i.incident_timestamp', incidentType: 'i.incident_type',
  executionId: 'i.execution_id', activityId: 'i.activity_id', processInstanceId: 'i.proc_inst_id', processDefinitionId: 'i.proc_def_id',
  causeIncidentId: 'i.cause_incident_id', rootCauseIncidentId: 'i.root_cause_incident_id', configuration: 'i.configuration',
  tenantId: 'i.tenant_id',
};

/** Open incidents: queries and annotations. Incidents are raised and resolved by the services that own their cause. */
export class IncidentService {
  constructor(private readonly commands: CommandExecutor) {}

  async query(actor: Actor, q: IncidentQuery): Promise<IncidentRow[]> {
    const w = incidentWhere(q);
    return this.commands.run(actor, async (ctx) => {
      const rows = await ctx.sql.query<Record<string, unknown>>(
        `SELECT i.* FROM eng_incident i WHERE ${w.toString()}${orderBy(q.sorting ?? [], INCIDENT_SORT_COLUMNS, 'i.id ASC')}${limit(q)}`, w.params,
      );
      return rows.map((r) => fromRow(T.incident, r));
    });
  }

  async count(actor: Actor, q: IncidentQuery): Promise<number> {
    const w = incidentWhere(q);
    return this.commands.run(actor, async (ctx) => {
      const rows = await ctx.sql.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM eng_incident i WHERE ${w.toString()}`, w.params);
      return Number(rows[0]?.['c'] ?? 0);
    });
  }

  /** An open incident; unknown → 404 InvalidRequestException "No matching incident with id X", as Camunda. */
  async get(actor: Actor, id: string): Promise<IncidentRow> {
    const row = await this.commands.run(actor, (ctx) => ctx.uow.byId(T.incident, id));
    if (!row) throw new InvalidRequestException(404, `No matching incident with id ${id}`);
    return row;
  }

  /**
   * Sets (or, with null, clears) the annotation of an open incident and of its historic incident, logging the user
   * operation (`SetAnnotation` / `ClearAnnotation` on entity `Incident`). Unknown → 400 NotFoundException "incident is
   * null" (a BadUserRequestException), as Camunda's `SetAnnotationForIncidentCmd`.
   */
  async setAnnotation(actor: Actor, id: string, annotation: string | null): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const incident = await ctx.uow.byId(T.incident, id);
      if (!incident) throw new EngineException('incident is null', 'NotFoundException', 400, 0);
      incident.annotation = annotation;
      history.incidentAnnotated(ctx, id, annotation);
      history.userOperation(ctx, {
        operationType: annotation === null ? 'ClearAnnotation' : 'SetAnnotation', entityType: 'Incident', category: 'Operator',
        procInstId: incident.procInstId, procDefId: incident.procDefId, executionId: incident.executionId,
      }, [{ property: 'incidentId', newValue: id }]);
    });
  }
}

// helpers ////

function incidentWhere(q: IncidentQuery): Where {
  const w = new Where()
    .eq('i.id', q.incidentId).eq('i.incident_type', q.incidentType).eq('i.incident_msg', q.incidentMessage)
    .like('i.incident_msg', q.incidentMessageLike).eq('i.proc_def_id', q.processDefinitionId).eq('i.proc_inst_id', q.processInstanceId)
    .eq('i.execution_id', q.executionId).eq('i.activity_id', q.activityId).eq('i.failed_activity_id', q.failedActivityId)
    .eq('i.cause_incident_id', q.causeIncidentId).eq('i.root_cause_incident_id', q.rootCauseIncidentId)
    .eq('i.configuration', q.configuration).in('i.tenant_id', q.tenantIdIn).in('i.job_def_id', q.jobDefinitionIdIn);
  if (q.processDefinitionKeyIn) {
    const keys = q.processDefinitionKeyIn;
    if (keys.length === 0) w.add('1 = 0');
    else w.add(`i.proc_def_id IN (SELECT d.id FROM eng_process_definition d WHERE d.key_ IN (${keys.map(() => '?').join(', ')}))`, ...keys);
  }
  if (q.incidentTimestampAfter !== undefined) w.add('i.incident_timestamp > ?', q.incidentTimestampAfter);
  if (q.incidentTimestampBefore !== undefined) w.add('i.incident_timestamp < ?', q.incidentTimestampBefore);
  return w;
}
