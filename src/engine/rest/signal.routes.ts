import type Router from '@koa/router';
import { InvalidRequestException } from '../errors.js';
import { fromRestVariables } from '../variables/index.js';
import { actorOf, noContent, readJson } from './http.js';
import { Params } from './params.js';
import type { RouteDeps } from './rest-router.js';

/**
 * `POST /signal` (Camunda's `throwSignal`): broadcasts a signal to every waiting execution and signal start event, or
 * delivers it to one execution (`executionId`). 204 without a body. 400 `InvalidRequestException` without `name` or
 * with an invalid variable; 400 `BadUserRequestException` when `executionId` is combined with `tenantId` or
 * `withoutTenantId`; 500 (`NullValueException`, `ProcessEngineException`) when the execution does not exist or has
 * not subscribed to the signal, as the Camunda 7.23 contract documents.
 */
export function registerSignalRoutes(router: Router, { engine }: RouteDeps): void {
  router.post('/signal', async (ctx) => {
    const body = await readJson(ctx);
    const p = Params.body(body);
    const name = p.string('name');
    if (name === undefined) throw new InvalidRequestException(400, 'No signal name given');
    const variables = fromRestVariables(body['variables']);
    await engine.signals.send(actorOf(ctx), {
      name, variables, executionId: p.string('executionId'), tenantId: p.string('tenantId'), withoutTenantId: p.bool('withoutTenantId') ?? false,
    });
    noContent(ctx);
  });
}
