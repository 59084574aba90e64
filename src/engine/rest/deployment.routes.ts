import type Router from '@koa/router';
import { InvalidRequestException } from '../errors.js';
import type { DeploymentRow, ProcessDefinitionRow } from '../persistence/tables.js';
import { actorOf, noContent, sendJson } from './http.js';
import { deploymentDto, processDefinitionDto } from './dto.js';
import { readMultipart } from './multipart.js';
import { Params } from './params.js';
import { baseUrlOf, type RouteDeps } from './rest-router.js';

const RESERVED = new Set(['deployment-name', 'deployment-activation-time', 'enable-duplicate-filtering', 'deploy-changed-only', 'deployment-source', 'tenant-id']);
const SORT_BY = ['id', 'name', 'deploymentTime', 'tenantId'];

/** `POST /deployment/create`, `GET /deployment(/count)`, `GET|DELETE /deployment/{id}`, resources. */
export function registerDeploymentRoutes(router: Router, { engine }: RouteDeps): void {
  router.post('/deployment/create', async (ctx) => {
    const form = await readMultipart(ctx);
    const resources = form.files.filter((f) => !RESERVED.has(f.field)).map((f) => {
      if (!f.filename) throw new InvalidRequestException(400, `No file name found in the deployment resource described by form parameter '${f.field}'.`);
      return { name: f.filename, bytes: f.bytes };
    });
    const flag = (name: string) => form.fields.get(name) === 'true';
    const result = await engine.repository.deploy(actorOf(ctx), {
      name: form.fields.get('deployment-name') ?? null,
      source: form.fields.get('deployment-source') ?? null,
      tenantId: form.fields.get('tenant-id') ?? null,
      resources,
      enableDuplicateFiltering: flag('enable-duplicate-filtering'),
      deployChangedOnly: flag('deploy-changed-only'),
    });
    sendJson(ctx, 200, deploymentWithDefinitions(result.deployment, result.processDefinitions, baseUrlOf(ctx)));
  });

  router.get('/deployment', async (ctx) => {
    const rows = await engine.repository.queryDeployments(actorOf(ctx), deploymentQuery(Params.query(ctx.query)));
    sendJson(ctx, 200, rows.map((d) => deploymentDto(d, baseUrlOf(ctx))));
  });

  router.get('/deployment/count', async (ctx) => {
    sendJson(ctx, 200, { count: await engine.repository.countDeployments(actorOf(ctx), deploymentQuery(Params.query(ctx.query))) });
  });

  router.get('/deployment/:id', async (ctx) => {
    sendJson(ctx, 200, deploymentDto(await engine.repository.getDeployment(actorOf(ctx), ctx.params['id'] ?? ''), baseUrlOf(ctx)));
  });

  router.delete('/deployment/:id', async (ctx) => {
    const cascade = Params.query(ctx.query).bool('cascade') ?? false;
    await engine.repository.deleteDeployment(actorOf(ctx), ctx.params['id'] ?? '', cascade);
    noContent(ctx);
  });

  router.get('/deployment/:id/resources', async (ctx) => {
    const id = ctx.params['id'] ?? '';
    const rows = await engine.repository.getResources(actorOf(ctx), id);
    sendJson(ctx, 200, rows.map((r) => ({ id: r.id, name: r.name, deploymentId: r.deploymentId })));
  });

  router.get('/deployment/:id/resources/:resourceId', async (ctx) => {
    const r = await engine.repository.getResource(actorOf(ctx), ctx.params['id'] ?? '', ctx.params['resourceId'] ?? '');
    sendJson(ctx, 200, { id: r.id, name: r.name, deploymentId: r.deploymentId });
  });

  router.get('/deployment/:id/resources/:resourceId/data', async (ctx) => {
    const r = await engine.repository.getResource(actorOf(ctx), ctx.params['id'] ?? '', ctx.params['resourceId'] ?? '');
    ctx.status = 200;
    ctx.body = r.bytes;
    ctx.set('Content-Type', mediaTypeOf(r.name));
  });
}

// helpers ////

function deploymentQuery(p: Params) {
  return {
    id: p.string('id'), name: p.string('name'), nameLike: p.string('nameLike'), source: p.string('source'),
    withoutSource: p.bool('withoutSource'), tenantIdIn: p.list('tenantIdIn'), withoutTenantId: p.bool('withoutTenantId'),
    before: p.date('before'), after: p.date('after'), sorting: p.sorting(SORT_BY), ...p.paging(),
  };
}

function deploymentWithDefinitions(d: DeploymentRow, defs: ProcessDefinitionRow[] | null, baseUrl: string) {
  const rest = deploymentDto(d, baseUrl);
  return {
    ...rest,
    deployedProcessDefinitions: defs && defs.length ? Object.fromEntries(defs.map((p) => [p.id, processDefinitionDto(p)])) : null,
    deployedCaseDefinitions: null,
    deployedDecisionDefinitions: null,
    deployedDecisionRequirementsDefinitions: null,
  };
}

function mediaTypeOf(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith('.bpmn') || lower.endsWith('.xml')) return 'application/xml';
  if (lower.endsWith('.form') || lower.endsWith('.json')) return 'application/json';
  if (lower.endsWith('.png')) return 'image/png';
  if (lower.endsWith('.svg')) return 'image/svg+xml';
  return 'application/octet-stream';
}
