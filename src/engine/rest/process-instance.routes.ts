import type Router from '@koa/router';
import type { Context } from 'koa';
import { InvalidRequestException } from '../errors.js';
import { ModificationService } from '../services/modification-service.js';
import { SuspensionService } from '../services/suspension-service.js';
import { fromRestValue, fromRestVariables } from '../variables/index.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { processInstanceDto, variablesDto } from './dto.js';
import { parseModificationRequest } from './modification-request.js';
import { Params } from './params.js';
import { baseUrlOf, type RouteDeps } from './rest-router.js';

const SORT_BY = ['instanceId', 'definitionKey', 'definitionId', 'tenantId', 'businessKey'];

/** Process instances: list/count (GET and POST), get, delete, suspension, modification, variables, activity instances. */
export function registerProcessInstanceRoutes(router: Router, { engine }: RouteDeps): void {
  const list = async (ctx: Context, p: Params, paging: Params) => {
    const rows = await engine.runtime.query(actorOf(ctx), { ...instanceQuery(p), ...paging.paging() });
    sendJson(ctx, 200, rows.map((r) => processInstanceDto(r, baseUrlOf(ctx))));
  };
  const count = async (ctx: Context, p: Params) => sendJson(ctx, 200, { count: await engine.runtime.count(actorOf(ctx), instanceQuery(p)) });

  router.get('/process-instance', (ctx) => list(ctx, Params.query(ctx.query), Params.query(ctx.query)));
  router.post('/process-instance', async (ctx) => list(ctx, Params.body(await readJson(ctx)), Params.query(ctx.query)));
  router.get('/process-instance/count', (ctx) => count(ctx, Params.query(ctx.query)));
  router.post('/process-instance/count', async (ctx) => count(ctx, Params.body(await readJson(ctx))));

  const suspension = new SuspensionService(engine.commands);
  const suspendedFlag = (p: Params) => {
    const suspended = p.bool('suspended');
    if (suspended === undefined) throw new InvalidRequestException(400, "Property 'suspended' is required");
    return suspended;
  };
  router.put('/process-instance/suspended', async (ctx) => {
    const p = Params.body(await readJson(ctx));
    const suspended = suspendedFlag(p);
    await suspension.setInstancesSuspended(actorOf(ctx), {
      ...(p.list('processInstanceIds') ? { processInstanceIds: p.list('processInstanceIds') } : {}),
      ...(p.string('processDefinitionId') ? { processDefinitionId: p.string('processDefinitionId') } : {}),
      ...(p.string('processDefinitionKey') ? { processDefinitionKey: p.string('processDefinitionKey') } : {}),
    }, suspended);
    noContent(ctx);
  });
  router.put('/process-instance/:id/suspended', async (ctx) => {
    const suspended = suspendedFlag(Params.body(await readJson(ctx)));
    await suspension.setInstanceSuspended(actorOf(ctx), String(ctx.params['id']), suspended);
    noContent(ctx);
  });

  router.get('/process-instance/:id', async (ctx) => {
    sendJson(ctx, 200, processInstanceDto(await engine.runtime.get(actorOf(ctx), String(ctx.params['id'])), baseUrlOf(ctx)));
  });

  router.delete('/process-instance/:id', async (ctx) => {
    const p = Params.query(ctx.query);
    const id = String(ctx.params['id']);
    const deleted = await engine.runtime.delete(actorOf(ctx), id, p.string('deleteReason') ?? null);
    if (!deleted && p.bool('failIfNotExists') !== false) throw new InvalidRequestException(404, `Process instance with id ${id} does not exist`);
    noContent(ctx);
  });

  const modification = new ModificationService(engine.commands);
  router.post('/process-instance/:id/modification', async (ctx) => {
    await modification.modify(actorOf(ctx), String(ctx.params['id']), parseModificationRequest(await readJson(ctx)));
    noContent(ctx);
  });

  router.get('/process-instance/:id/activity-instances', async (ctx) => {
    sendJson(ctx, 200, await engine.runtime.activityInstances(actorOf(ctx), String(ctx.params['id'])));
  });

  router.get('/process-instance/:id/variables', async (ctx) => {
    const vars = await engine.runtime.getVariables(actorOf(ctx), String(ctx.params['id']));
    sendJson(ctx, 200, variablesDto(vars, Params.query(ctx.query).bool('deserializeValues') ?? true));
  });

  router.post('/process-instance/:id/variables', async (ctx) => {
    const body = await readJson(ctx);
    const deletions = body['deletions'] ?? [];
    if (!Array.isArray(deletions) || deletions.some((d) => typeof d !== 'string')) throw new InvalidRequestException(400, "'deletions' must be a list of variable names");
    await engine.runtime.modifyVariables(actorOf(ctx), String(ctx.params['id']), fromRestVariables(body['modifications']), deletions as string[]);
    noContent(ctx);
  });

  router.get('/process-instance/:id/variables/:name', async (ctx) => {
    const name = String(ctx.params['name']);
    const vars = await engine.runtime.getVariables(actorOf(ctx), String(ctx.params['id']));
    if (!(name in vars)) throw new InvalidRequestException(404, `process instance variable with name ${name} does not exist`);
    const all = variablesDto({ [name]: vars[name]! }, Params.query(ctx.query).bool('deserializeValue') ?? true);
    sendJson(ctx, 200, all[name]);
  });

  router.get('/process-instance/:id/variables/:name/data', async (ctx) => {
    const name = String(ctx.params['name']);
    const vars = await engine.runtime.getVariables(actorOf(ctx), String(ctx.params['id']));
    const v = vars[name];
    if (!v) throw new InvalidRequestException(404, `process instance variable with name ${name} does not exist`);
    if (v.type !== 'file' && v.type !== 'bytes') throw new InvalidRequestException(400, `Value of variable with id ${name} is not a binary value.`);
    ctx.status = 200;
    ctx.body = v.value;
    const mime = v.valueInfo['mimeType'];
    ctx.set('Content-Type', v.type === 'file' && typeof mime === 'string' ? mime : 'application/octet-stream');
  });

  router.put('/process-instance/:id/variables/:name', async (ctx) => {
    const name = String(ctx.params['name']);
    const value = fromRestValue(name, await readJson(ctx));
    await engine.runtime.setVariable(actorOf(ctx), String(ctx.params['id']), name, value);
    noContent(ctx);
  });

  router.delete('/process-instance/:id/variables/:name', async (ctx) => {
    await engine.runtime.removeVariable(actorOf(ctx), String(ctx.params['id']), String(ctx.params['name']));
    noContent(ctx);
  });
}

// helpers ////

function instanceQuery(p: Params) {
  return {
    processInstanceIds: p.list('processInstanceIds'), businessKey: p.string('businessKey'), businessKeyLike: p.string('businessKeyLike'),
    processDefinitionId: p.string('processDefinitionId'), processDefinitionKey: p.string('processDefinitionKey'),
    processDefinitionKeyIn: p.list('processDefinitionKeyIn'), processDefinitionKeyNotIn: p.list('processDefinitionKeyNotIn'),
    deploymentId: p.string('deploymentId'), active: p.bool('active'), suspended: p.bool('suspended'),
    withIncident: p.bool('withIncident'), incidentType: p.string('incidentType'), activityIdIn: p.list('activityIdIn'),
    tenantIdIn: p.list('tenantIdIn'), withoutTenantId: p.bool('withoutTenantId'), variables: p.variables('variables'),
    variableNamesIgnoreCase: p.bool('variableNamesIgnoreCase'), variableValuesIgnoreCase: p.bool('variableValuesIgnoreCase'),
    superProcessInstance: p.string('superProcessInstance'), subProcessInstance: p.string('subProcessInstance'),
    sorting: p.sorting(SORT_BY),
  };
}
