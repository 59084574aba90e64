import type Router from '@koa/router';
import type { Context } from 'koa';
import { INCIDENT_SORT_COLUMNS, type IncidentQuery } from '../services/incident-service.js';
import { incidentDto } from './dto.js';
import { read } from './history.routes.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { Params } from './params.js';
import type { RouteDeps } from './rest-router.js';

/**
 * Incident resources of the Camunda 7 REST API: the query (`GET /incident`, `…/count`), one incident, and its
 * annotation (`PUT|DELETE /incident/{id}/annotation`). Registered by the engine router.
 */
export function registerIncidentRoutes(router: Router, { engine }: RouteDeps): void {
  const incidents = engine.incidents;
  const idOf = (ctx: Context) => String((ctx.params as Record<string, string | undefined>)['id']);

  router.get('/incident', async (ctx) => {
    const p = Params.query(ctx.query);
    const q: IncidentQuery = { ...read(p, INCIDENT_FIELDS), sorting: p.sorting(Object.keys(INCIDENT_SORT_COLUMNS)), ...p.paging() };
    sendJson(ctx, 200, (await incidents.query(actorOf(ctx), q)).map(incidentDto));
  });

  router.get('/incident/count', async (ctx) => {
    sendJson(ctx, 200, { count: await incidents.count(actorOf(ctx), read(Params.query(ctx.query), INCIDENT_FIELDS)) });
  });

  router.get('/incident/:id', async (ctx) => {
    sendJson(ctx, 200, incidentDto(await incidents.get(actorOf(ctx), idOf(ctx))));
  });

  router.put('/incident/:id/annotation', async (ctx) => {
    const annotation = Params.body(await readJson(ctx)).string('annotation') ?? null;
    await incidents.setAnnotation(actorOf(ctx), idOf(ctx), annotation);
    noContent(ctx);
  });

  router.delete('/incident/:id/annotation', async (ctx) => {
    await incidents.setAnnotation(actorOf(ctx), idOf(ctx), null);
    noContent(ctx);
  });
}

// helpers ////

const INCIDENT_FIELDS = {
  incidentId: 'string', incidentType: 'string', incidentMessage: 'string', incidentMessageLike: 'string',
  processDefinitionId: 'string', processDefinitionKeyIn: 'list', processInstanceId: 'string', executionId: 'string',
  incidentTimestampBefore: 'date', incidentTimestampAfter: 'date', activityId: 'string', failedActivityId: 'string',
  causeIncidentId: 'string', rootCauseIncidentId: 'string', configuration: 'string', tenantIdIn: 'list', jobDefinitionIdIn: 'list',
} as const;
