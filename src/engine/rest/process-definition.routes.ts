import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ProcessDefinitionRow } from '../persistence/tables.js';
import { fromRestVariables } from '../variables/index.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { processDefinitionDto, processInstanceDto } from './dto.js';
import { Params } from './params.js';
import { baseUrlOf, type RouteDeps } from './rest-router.js';
import { InvalidRequestException } from '../errors.js';

const SORT_BY = ['category', 'key', 'id', 'name', 'version', 'deploymentId', 'deployTime', 'tenantId', 'versionTag'];

/** Process definitions: list, count, get by id and key, XML, start, suspension. */
export function registerProcessDefinitionRoutes(router: Router, { engine }: RouteDeps): void {
  const byId = (ctx: Context) => engine.repository.getProcessDefinition(actorOf(ctx), String((ctx.params as Record<string, string>)['id']));
  const byKey = (ctx: Context) => engine.repository.getLatestByKey(actorOf(ctx), String((ctx.params as Record<string, string>)['key']), (ctx.params as Record<string, string | undefined>)['tenantId'] ?? null);

  router.get('/process-definition', async (ctx) => {
    const rows = await engine.repository.queryProcessDefinitions(actorOf(ctx), definitionQuery(Params.query(ctx.query)));
    sendJson(ctx, 200, rows.map(processDefinitionDto));
  });
  router.get('/process-definition/count', async (ctx) => {
    sendJson(ctx, 200, { count: await engine.repository.countProcessDefinitions(actorOf(ctx), definitionQuery(Params.query(ctx.query))) });
  });

  for (const [path, resolve] of [
    ['/process-definition/key/:key/tenant-id/:tenantId', byKey],
    ['/process-definition/key/:key', byKey],
    ['/process-definition/:id', byId],
  ] as const) {
    router.get(path, async (ctx) => sendJson(ctx, 200, processDefinitionDto(await resolve(ctx))));
    router.get(`${path}/xml`, async (ctx) => {
      const def = await resolve(ctx);
      sendJson(ctx, 200, { id: def.id, bpmn20Xml: await engine.repository.getBpmnXml(actorOf(ctx), def) });
    });
    router.post(`${path}/start`, async (ctx) => (path === '/process-definition/key/:key' ? start(ctx, String(ctx.params['key'])) : start(ctx, await resolve(ctx))));
    router.post(`${path}/submit-form`, async (ctx) => start(ctx, await resolve(ctx), true));
    router.put(`${path}/suspended`, async (ctx) => {
      const def = await resolve(ctx);
      const body = Params.body(await readJson(ctx));
      const suspended = body.bool('suspended');
      if (suspended === undefined) throw new InvalidRequestException(400, "Property 'suspended' is required");
      const include = body.bool('includeProcessInstances') ?? false;
      // by key: every version of the key, as Camunda 7 does
      if (path === '/process-definition/:id') await engine.repository.setSuspended(actorOf(ctx), def.id, suspended, include);
      else await engine.repository.setSuspendedByKey(actorOf(ctx), def.key, def.tenantId, suspended, include);
      noContent(ctx);
    });
  }

  async function start(ctx: Context, def: ProcessDefinitionRow | string, submitForm = false): Promise<void> {
    const body = await readJson(ctx);
    const p = Params.body(body);
    const variables = fromRestVariables(body['variables']);
    const withVariablesInReturn = !submitForm && (p.bool('withVariablesInReturn') ?? false);
    if (body['startInstructions'] !== undefined && body['startInstructions'] !== null) {
      throw new InvalidRequestException(400, 'startInstructions are not supported by the embedded engine');
    }
    const input = { businessKey: p.string('businessKey') ?? null, variables, withVariablesInReturn };
    const info = typeof def === 'string' ? await engine.runtime.startLatest(actorOf(ctx), def, input) : await engine.runtime.start(actorOf(ctx), def, input);
    sendJson(ctx, 200, processInstanceDto(info, baseUrlOf(ctx), withVariablesInReturn));
  }
}

// helpers ////

function definitionQuery(p: Params) {
  return {
    processDefinitionId: p.string('processDefinitionId'), processDefinitionIdIn: p.list('processDefinitionIdIn'),
    name: p.string('name'), nameLike: p.string('nameLike'), deploymentId: p.string('deploymentId'), key: p.string('key'),
    keysIn: p.list('keysIn'), keyLike: p.string('keyLike'), category: p.string('category'), categoryLike: p.string('categoryLike'),
    version: p.int('version'), latestVersion: p.bool('latestVersion'), resourceName: p.string('resourceName'),
    resourceNameLike: p.string('resourceNameLike'), suspended: p.bool('suspended'), active: p.bool('active'),
    versionTag: p.string('versionTag'), versionTagLike: p.string('versionTagLike'), withoutVersionTag: p.bool('withoutVersionTag'),
    startableInTasklist: p.bool('startableInTasklist'), notStartableInTasklist: p.bool('notStartableInTasklist'),
    tenantIdIn: p.list('tenantIdIn'), withoutTenantId: p.bool('withoutTenantId'), sorting: p.sorting(SORT_BY), ...p.paging(),
  };
}
