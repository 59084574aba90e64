import type Router from '@koa/router';
import type { Context } from 'koa';
import { InvalidRequestException } from '../errors.js';
import type { DueDateCondition, JobQuery } from '../jobs/job-service.js';
import { JOB_SORT_COLUMNS } from '../jobs/job-service.js';
import type { JobRow } from '../persistence/tables.js';
import { parseEngineDate } from '../variables/index.js';
import { date } from './dto.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { Params } from './params.js';
import type { RouteDeps } from './rest-router.js';

/** `JobDto` (the embedded engine has no job definitions or batches: those ids are null). */
export function jobDto(j: JobRow) {
  return {
    id: j.id, jobDefinitionId: null, processInstanceId: j.procInstId, executionId: j.executionId, processDefinitionId: j.procDefId,
    processDefinitionKey: j.procDefKey, exceptionMessage: j.exceptionMsg, failedActivityId: j.failedActId, retries: j.retries,
    dueDate: date(j.dueDate), suspended: j.suspended, priority: j.priority, tenantId: j.tenantId, createTime: date(j.createTime),
    batchId: null,
  };
}

/**
 * Jobs as Camunda 7's REST API serves them: query and count (GET and POST), one job, its stack trace, setting
 * retries (which resolves a `failedJob` incident) and due date, and executing it now.
 */
export function registerJobRoutes(router: Router, { engine }: RouteDeps): void {
  const jobs = engine.jobs;
  const idOf = (ctx: Context) => String((ctx.params as Record<string, string>)['id']);
  const list = async (ctx: Context, q: JobQuery) => {
    const rows = await jobs.query(actorOf(ctx), { ...q, ...Params.query(ctx.query).paging() });
    sendJson(ctx, 200, rows.map(jobDto));
  };
  const count = async (ctx: Context, q: JobQuery) => sendJson(ctx, 200, { count: await jobs.count(actorOf(ctx), q) });
  const fromQuery = (ctx: Context) => {
    const p = Params.query(ctx.query);
    return jobQuery(p, (p.list('dueDates') ?? []).map(splitDueDate));
  };
  const fromBody = async (ctx: Context) => {
    const body = await readJson(ctx);
    const raw = body['dueDates'];
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw new InvalidRequestException(400, "'dueDates' must be a JSON array of {operator, value}");
    return jobQuery(Params.body(body), ((raw ?? []) as unknown[]).map((r) => (typeof r === 'object' && r !== null ? r : {}) as RawDueDate));
  };

  router.get('/job', (ctx) => list(ctx, fromQuery(ctx)));
  router.post('/job', async (ctx) => list(ctx, await fromBody(ctx)));
  router.get('/job/count', (ctx) => count(ctx, fromQuery(ctx)));
  router.post('/job/count', async (ctx) => count(ctx, await fromBody(ctx)));

  router.get('/job/:id', async (ctx) => sendJson(ctx, 200, jobDto(await jobs.get(actorOf(ctx), idOf(ctx)))));

  router.get('/job/:id/stacktrace', async (ctx) => {
    const stack = await jobs.stacktrace(actorOf(ctx), idOf(ctx));
    if (stack === null) return noContent(ctx);
    ctx.status = 200;
    ctx.body = stack;
    ctx.set('Content-Type', 'text/plain');
  });

  router.put('/job/:id/retries', async (ctx) => {
    const retries = (await readJson(ctx))['retries'];
    if (retries === undefined || retries === null) throw new InvalidRequestException(400, 'The number of retries cannot be null.');
    if (typeof retries !== 'number' || !Number.isInteger(retries)) {
      throw new InvalidRequestException(400, `Cannot set retries to '${JSON.stringify(retries)}': expected an integer`);
    }
    await jobs.setRetries(actorOf(ctx), idOf(ctx), retries);
    noContent(ctx);
  });

  router.put('/job/:id/duedate', async (ctx) => {
    const value = (await readJson(ctx))['duedate'];
    let due: number | null = null;
    if (value !== undefined && value !== null) {
      const parsed = typeof value === 'string' ? parseEngineDate(value) : null;
      if (!parsed) throw new InvalidRequestException(400, `Cannot set due date to '${JSON.stringify(value)}': expected a date like 2026-01-25T13:33:42.165+0800`);
      due = parsed.getTime();
    }
    await jobs.setDueDate(actorOf(ctx), idOf(ctx), due);
    noContent(ctx);
  });

  router.post('/job/:id/execute', async (ctx) => {
    await jobs.execute(actorOf(ctx), idOf(ctx));
    noContent(ctx);
  });
}

// helpers ////

interface RawDueDate { operator?: unknown; value?: unknown }

function splitDueDate(text: string): RawDueDate {
  const i = text.indexOf('_');
  return i < 0 ? { operator: text } : { operator: text.slice(0, i), value: text.slice(i + 1) };
}

function jobQuery(p: Params, rawDueDates: RawDueDate[]): JobQuery {
  if (p.bool('timers') && p.bool('messages')) throw new InvalidRequestException(400, "Parameter 'timers' cannot be used together with parameter 'messages'.");
  if (p.bool('withRetriesLeft') && p.bool('noRetriesLeft')) throw new InvalidRequestException(400, "Parameter 'withRetriesLeft' cannot be used together with parameter 'noRetriesLeft'.");
  return {
    jobId: p.string('jobId'), jobIds: p.list('jobIds'), processInstanceId: p.string('processInstanceId'),
    processInstanceIds: p.list('processInstanceIds'), executionId: p.string('executionId'),
    processDefinitionId: p.string('processDefinitionId'), processDefinitionKey: p.string('processDefinitionKey'),
    activityId: p.string('activityId'), withRetriesLeft: p.bool('withRetriesLeft'), noRetriesLeft: p.bool('noRetriesLeft'),
    executable: p.bool('executable'), timers: p.bool('timers'), messages: p.bool('messages'), dueDates: dueDates(rawDueDates),
    withException: p.bool('withException'), exceptionMessage: p.string('exceptionMessage'), failedActivityId: p.string('failedActivityId'),
    active: p.bool('active'), suspended: p.bool('suspended'), tenantIdIn: p.list('tenantIdIn'), withoutTenantId: p.bool('withoutTenantId'),
    sorting: p.sorting(Object.keys(JOB_SORT_COLUMNS)),
  };
}

/** `dueDates=gt_<date>,lt_<date>` (GET) or `dueDates: [{operator, value}]` (POST), validated. */
function dueDates(items: RawDueDate[]): DueDateCondition[] | undefined {
  if (items.length === 0) return undefined;
  return items.map(({ operator, value }) => {
    const d = typeof value === 'string' ? parseEngineDate(value) : null;
    if ((operator !== 'gt' && operator !== 'lt') || !d) {
      throw new InvalidRequestException(400, `Invalid due date comparison '${String(operator)}_${String(value)}': expected gt_<date> or lt_<date>`);
    }
    return { operator, value: d.getTime() };
  });
}
