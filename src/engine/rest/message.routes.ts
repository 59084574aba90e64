import type Router from '@koa/router';
import { InvalidRequestException, RestException } from '../errors.js';
import { MismatchingMessageCorrelationException, type CorrelationResult } from '../services/message-service.js';
import { fromRestVariables, type VariableMap } from '../variables/index.js';
import { processInstanceDto, variablesDto } from './dto.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { Params } from './params.js';
import { baseUrlOf, type RouteDeps } from './rest-router.js';

/**
 * `POST /message` (Camunda's `deliverMessage`): correlates a message to the waiting executions or message start
 * events. 204 without `resultEnabled`, else 200 with `MessageCorrelationResultWithVariableDto[]`; a correlation that
 * matches nothing, or more than one without `all`, answers 400 `RestException` whose message is the
 * `MismatchingMessageCorrelationException` as Java prints it.
 */
export function registerMessageRoutes(router: Router, { engine }: RouteDeps): void {
  router.post('/message', async (ctx) => {
    const body = await readJson(ctx);
    const p = Params.body(body);
    const messageName = p.string('messageName');
    if (messageName === undefined) throw new InvalidRequestException(400, 'No message name supplied');
    const tenantId = p.string('tenantId');
    const withoutTenantId = p.bool('withoutTenantId') ?? false;
    if (tenantId !== undefined && withoutTenantId) {
      throw new InvalidRequestException(400, "Parameter 'tenantId' cannot be used together with parameter 'withoutTenantId'.");
    }
    const resultEnabled = p.bool('resultEnabled') ?? false;
    const variablesInResultEnabled = p.bool('variablesInResultEnabled') ?? false;
    if (!resultEnabled && variablesInResultEnabled) {
      throw new InvalidRequestException(400, "Parameter 'variablesInResultEnabled' cannot be used without 'resultEnabled' set to true.");
    }
    if (Object.keys(variables(body, 'processVariablesToTriggeredScope')).length > 0) {
      throw new InvalidRequestException(400, 'processVariablesToTriggeredScope is not supported by the embedded engine yet; use processVariables or processVariablesLocal.');
    }
    let results: CorrelationResult[];
    try {
      results = await engine.messages.correlate(actorOf(ctx), {
        messageName, tenantId, withoutTenantId,
        businessKey: p.string('businessKey'), processInstanceId: p.string('processInstanceId'),
        correlationKeys: variables(body, 'correlationKeys'), localCorrelationKeys: variables(body, 'localCorrelationKeys'),
        processVariables: variables(body, 'processVariables'), processVariablesLocal: variables(body, 'processVariablesLocal'),
        all: p.bool('all') ?? false, variablesInResult: variablesInResultEnabled,
      });
    } catch (error) {
      if (error instanceof MismatchingMessageCorrelationException) {
        throw new RestException(400, `org.camunda.bpm.engine.MismatchingMessageCorrelationException: ${error.message}`);
      }
      throw error;
    }
    if (!resultEnabled) {
      noContent(ctx);
      return;
    }
    const base = baseUrlOf(ctx);
    sendJson(ctx, 200, results.map((r) => {
      const dto: Record<string, unknown> = {
        resultType: r.resultType,
        execution: r.execution,
        // as Camunda's MessageCorrelationResultDto: the instance without links
        processInstance: r.processInstance ? { ...processInstanceDto(r.processInstance, base), links: [] } : null,
      };
      if (variablesInResultEnabled) dto['variables'] = variablesDto(r.variables ?? {});
      return dto;
    }));
  });
}

// helpers ////

function variables(body: Record<string, unknown>, name: string): VariableMap {
  return fromRestVariables(body[name]);
}
