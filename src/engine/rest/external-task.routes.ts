import type Router from '@koa/router';
import type { Context } from 'koa';
import { BadUserRequestException, EngineException, InvalidRequestException, NullValueException, RestException } from '../errors.js';
import type { ExternalTaskQuery, FetchRequest, FetchTopic, LockedTask } from '../services/external-task-service.js';
import { fromRestVariables, inferTypedValue, toRestVariables, type TypedValue } from '../variables/index.js';
import { externalTaskDto, lockedExternalTaskDto } from './dto.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { Params } from './params.js';
import type { RouteDeps } from './rest-router.js';

const SORT_BY = ['id', 'lockExpirationTime', 'processInstanceId', 'processDefinitionId', 'processDefinitionKey', 'taskPriority', 'tenantId', 'createTime'];

/**
 * External tasks as Camunda 7 serves them to workers such as `camunda-external-task-client-js`: fetch-and-lock (with
 * long polling), complete, failure, BPMN error, locks, retries, error details and queries; plus
 * `GET /execution/{id}/localVariables/{name}/data`, which the JS client uses to download file variables.
 */
export function registerExternalTaskRoutes(router: Router, { engine, longPoll }: RouteDeps): void {
  const tasks = engine.externalTasks;
  const list = async (ctx: Context, p: Params) => {
    const rows = await tasks.query(actorOf(ctx), { ...taskQuery(p), ...Params.query(ctx.query).paging() });
    sendJson(ctx, 200, rows.map(externalTaskDto));
  };
  const count = async (ctx: Context, p: Params) => sendJson(ctx, 200, { count: await tasks.count(actorOf(ctx), taskQuery(p)) });

  router.post('/external-task/fetchAndLock', async (ctx) => {
    const { request, asyncResponseTimeout, deserializeValues } = fetchRequest(await readJson(ctx));
    const locked = await untilClientLeaves(ctx, (signal) => longPoll.fetch(actorOf(ctx), request, asyncResponseTimeout, signal));
    sendJson(ctx, 200, locked.map((l) => lockedDto(l, deserializeValues.has(l.task.topic))));
    // the answer is written after every middleware has returned; when the connection closes before all of it went
    // out, the worker never learns of its tasks, so they are unlocked for others instead of waiting for the lock to expire
    if (locked.length) {
      const undelivered = () => longPoll.release(actorOf(ctx), locked);
      if (ctx.req.socket.destroyed) undelivered();
      else ctx.res.once('close', () => ctx.res.writableFinished || undelivered());
    }
  });

  router.get('/external-task', (ctx) => list(ctx, Params.query(ctx.query)));
  router.post('/external-task', async (ctx) => list(ctx, Params.body(await readJson(ctx))));
  router.get('/external-task/count', (ctx) => count(ctx, Params.query(ctx.query)));
  router.post('/external-task/count', async (ctx) => count(ctx, Params.body(await readJson(ctx))));

  router.put('/external-task/retries', async (ctx) => {
    const body = await readJson(ctx);
    const retries = intField(body, 'retries');
    if (retries == null) throw new InvalidRequestException(400, 'The number of retries cannot be null.');
    const ids = await bulkTaskIds(ctx, body);
    await asInvalidRequest(() => tasks.updateRetries(actorOf(ctx), ids, retries));
    noContent(ctx);
  });

  router.get('/external-task/:id', async (ctx) => {
    sendJson(ctx, 200, externalTaskDto(await tasks.get(actorOf(ctx), idOf(ctx))));
  });

  router.get('/external-task/:id/errorDetails', async (ctx) => {
    const details = await tasks.errorDetails(actorOf(ctx), idOf(ctx));
    if (details === null) return noContent(ctx);
    ctx.status = 200;
    ctx.body = details;
    ctx.set('Content-Type', 'text/plain');
  });

  router.post('/external-task/:id/complete', async (ctx) => {
    const body = await readJson(ctx);
    const variables = fromRestVariables(body['variables']);
    const localVariables = fromRestVariables(body['localVariables']);
    await workerCheck(() => tasks.complete(actorOf(ctx), idOf(ctx), workerOf(body), variables, localVariables));
    noContent(ctx);
  });

  router.post('/external-task/:id/failure', async (ctx) => {
    const body = await readJson(ctx);
    const input = {
      workerId: workerOf(body), errorMessage: stringField(body, 'errorMessage'), errorDetails: stringField(body, 'errorDetails'),
      retries: intField(body, 'retries') ?? 0, retryTimeout: intField(body, 'retryTimeout') ?? 0,
      variables: fromRestVariables(body['variables']), localVariables: fromRestVariables(body['localVariables']),
    };
    await workerCheck(() => tasks.failure(actorOf(ctx), idOf(ctx), input));
    noContent(ctx);
  });

  router.post('/external-task/:id/bpmnError', async (ctx) => {
    const body = await readJson(ctx);
    const errorCode = stringField(body, 'errorCode');
    if (errorCode == null) throw new NullValueException('errorCode is null');
    const input = { workerId: workerOf(body), errorCode, errorMessage: stringField(body, 'errorMessage'), variables: fromRestVariables(body['variables']) };
    await workerCheck(() => tasks.bpmnError(actorOf(ctx), idOf(ctx), input));
    noContent(ctx);
  });

  router.post('/external-task/:id/extendLock', async (ctx) => {
    const body = await readJson(ctx);
    await workerCheck(() => tasks.extendLock(actorOf(ctx), idOf(ctx), workerOf(body), intField(body, 'newDuration') ?? 0));
    noContent(ctx);
  });

  router.post('/external-task/:id/lock', async (ctx) => {
    const body = await readJson(ctx);
    await workerCheck(() => tasks.lock(actorOf(ctx), idOf(ctx), workerOf(body), intField(body, 'lockDuration') ?? 0));
    noContent(ctx);
  });

  router.post('/external-task/:id/unlock', async (ctx) => {
    await tasks.unlock(actorOf(ctx), idOf(ctx));
    noContent(ctx);
  });

  router.put('/external-task/:id/retries', async (ctx) => {
    const retries = intField(await readJson(ctx), 'retries');
    if (retries == null) throw new InvalidRequestException(400, 'The number of retries cannot be null.');
    await tasks.updateRetries(actorOf(ctx), [idOf(ctx)], retries);
    noContent(ctx);
  });

  router.get('/execution/:id/localVariables/:varName/data', async (ctx) => {
    const executionId = paramOf(ctx, 'id');
    const name = paramOf(ctx, 'varName');
    const variables = await engine.runtime.getExecutionLocalVariables(actorOf(ctx), executionId).catch((error: unknown) => {
      if (!(error instanceof EngineException) || error.status !== 404) throw error;
      throw new RestException(500, `Cannot get execution variable ${name}: execution ${executionId} doesn't exist`);
    });
    const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (!variable) throw new InvalidRequestException(404, `execution variable with name ${name} does not exist`);
    sendBinary(ctx, name, variable);
  });

  /** Lists the ids a bulk retries request names: explicit ids, the tasks of process instances, an external task query. */
  const bulkTaskIds = async (ctx: Context, body: Record<string, unknown>): Promise<string[]> => {
    const ids = new Set(stringList(body, 'externalTaskIds') ?? []);
    const instanceIds = stringList(body, 'processInstanceIds');
    if (instanceIds && instanceIds.length > 0) {
      for (const t of await tasks.query(actorOf(ctx), { processInstanceIdIn: instanceIds })) ids.add(t.id);
    }
    const query = body['externalTaskQuery'];
    if (query != null) {
      if (!isRecord(query)) throw new InvalidRequestException(400, "'externalTaskQuery' must be a JSON object");
      for (const t of await tasks.query(actorOf(ctx), taskQuery(Params.body(query)))) ids.add(t.id);
    }
    for (const unsupported of ['processInstanceQuery', 'historicProcessInstanceQuery']) {
      if (body[unsupported] != null) throw new InvalidRequestException(400, `'${unsupported}' is not supported by this engine; use 'processInstanceIds'`);
    }
    if (ids.size === 0) throw new InvalidRequestException(400, 'externalTaskIds is empty');
    return [...ids];
  };
}

// helpers ////

/** The fetch-and-lock body as the engine request, its long-polling timeout and the topics that want deserialized values. */
function fetchRequest(body: Record<string, unknown>): { request: FetchRequest; asyncResponseTimeout: number | undefined; deserializeValues: Set<string> } {
  const topicsValue = body['topics'];
  if (topicsValue != null && !Array.isArray(topicsValue)) throw badField('topics', topicsValue, 'a JSON array of topics');
  const includeExtensionProperties = boolField(body, 'includeExtensionProperties') ?? false;
  const deserializeValues = new Set<string>();
  const topics = ((topicsValue ?? []) as unknown[]).map((value, i): FetchTopic => {
    if (!isRecord(value)) throw badField(`topics[${i}]`, value, 'a JSON object');
    const t = value;
    const topicName = stringField(t, 'topicName');
    if (topicName != null && boolField(t, 'deserializeValues')) deserializeValues.add(topicName);
    return {
      topicName: topicName ?? '',
      lockDuration: intField(t, 'lockDuration') ?? 0,
      variables: stringList(t, 'variables'),
      localVariables: boolField(t, 'localVariables') ?? false,
      businessKey: stringField(t, 'businessKey'),
      processDefinitionId: stringField(t, 'processDefinitionId'),
      processDefinitionIdIn: stringList(t, 'processDefinitionIdIn'),
      processDefinitionKey: stringField(t, 'processDefinitionKey'),
      processDefinitionKeyIn: stringList(t, 'processDefinitionKeyIn'),
      processDefinitionVersionTag: stringField(t, 'processDefinitionVersionTag'),
      withoutTenantId: boolField(t, 'withoutTenantId') ?? false,
      tenantIdIn: stringList(t, 'tenantIdIn'),
      processVariables: processVariables(t['processVariables']),
      includeExtensionProperties: boolField(t, 'includeExtensionProperties') ?? includeExtensionProperties,
    };
  });
  const request: FetchRequest = {
    workerId: workerOf(body),
    maxTasks: intField(body, 'maxTasks') ?? 0,
    usePriority: boolField(body, 'usePriority') ?? false,
    sortByCreateTime: createTimeOrder(body['sorting']),
    topics,
  };
  return { request, asyncResponseTimeout: intField(body, 'asyncResponseTimeout') ?? undefined, deserializeValues };
}

/** `sorting: [{sortBy: 'createTime', sortOrder}]`, the only sorting fetch-and-lock knows. */
function createTimeOrder(sorting: unknown): 'asc' | 'desc' | null {
  if (sorting == null) return null;
  if (!Array.isArray(sorting)) throw badField('sorting', sorting, 'a JSON array of {sortBy, sortOrder}');
  let order: 'asc' | 'desc' | null = null;
  for (const s of sorting as unknown[]) {
    const { sortBy, sortOrder } = isRecord(s) ? s : {};
    if (sortBy !== 'createTime') throw new InvalidRequestException(400, `Cannot set query sortBy parameter to value ${String(sortBy)}`);
    if (sortOrder !== 'asc' && sortOrder !== 'desc') throw new InvalidRequestException(400, `Cannot set query sortOrder parameter to value ${String(sortOrder)}`);
    order ??= sortOrder;
  }
  return order;
}

/** `processVariables` of a topic: name → plain JSON value (string, number, boolean or null), compared for equality. */
function processVariables(value: unknown): Record<string, TypedValue> | null {
  if (value == null) return null;
  if (!isRecord(value)) throw badField('processVariables', value, 'a JSON object of variable name to value');
  const result: Record<string, TypedValue> = {};
  for (const [name, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object') throw badField(`processVariables.${name}`, v, 'a string, number, boolean or null');
    Object.defineProperty(result, name, { value: inferTypedValue(v), enumerable: true });
  }
  return result;
}

/** `LockedExternalTaskDto`, with Object values deserialized when the topic asked for it. */
function lockedDto(l: LockedTask, deserializeValues: boolean) {
  const dto = lockedExternalTaskDto(l);
  return deserializeValues ? { ...dto, variables: toRestVariables(l.variables, { deserializeValues }) } : dto;
}

function taskQuery(p: Params): ExternalTaskQuery {
  return {
    externalTaskId: p.string('externalTaskId'), externalTaskIdIn: p.list('externalTaskIdIn'), topicName: p.string('topicName'),
    workerId: p.string('workerId'), locked: p.bool('locked'), notLocked: p.bool('notLocked'), withRetriesLeft: p.bool('withRetriesLeft'),
    noRetriesLeft: p.bool('noRetriesLeft'), lockExpirationAfter: p.date('lockExpirationAfter'), lockExpirationBefore: p.date('lockExpirationBefore'),
    activityId: p.string('activityId'), activityIdIn: p.list('activityIdIn'), executionId: p.string('executionId'),
    processInstanceId: p.string('processInstanceId'), processInstanceIdIn: p.list('processInstanceIdIn'),
    processDefinitionId: p.string('processDefinitionId'), tenantIdIn: p.list('tenantIdIn'), active: p.bool('active'),
    suspended: p.bool('suspended'), priorityHigherThanOrEquals: p.int('priorityHigherThanOrEquals'),
    priorityLowerThanOrEquals: p.int('priorityLowerThanOrEquals'), sorting: p.sorting(SORT_BY),
  };
}

/**
 * Runs a long-polling fetch with a signal that aborts when the client closes the connection before it got an answer,
 * so that a parked request stops waiting (and locks nothing) for a worker that is gone.
 */
async function untilClientLeaves<T>(ctx: Context, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onClose = () => {
    if (!ctx.res.writableEnded) controller.abort();
  };
  ctx.res.once('close', onClose);
  if (ctx.req.socket.destroyed) controller.abort();
  try {
    return await run(controller.signal);
  } finally {
    ctx.res.off('close', onClose);
  }
}

/**
 * Camunda's resource wraps the engine's `BadUserRequestException` (wrong worker, expired lock, bad duration) in a
 * `RestException` with status 400 and the same message.
 */
async function workerCheck(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BadUserRequestException) throw new RestException(400, error.message, error.code);
    throw error;
  }
}

/** The bulk retries resource reports engine failures as `InvalidRequestException` with the engine's status. */
async function asInvalidRequest(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof EngineException && (error.status === 400 || error.status === 404)) throw new InvalidRequestException(error.status, error.message);
    throw error;
  }
}

/** Answers a bytes or file variable with its raw content (file: its mime type and name), as Camunda's binary resources. */
function sendBinary(ctx: Context, name: string, v: TypedValue): void {
  if (v.type !== 'file' && v.type !== 'bytes') throw new InvalidRequestException(400, `Value of variable with id ${name} is not a binary value.`);
  const bytes = v.value == null ? Buffer.alloc(0) : Buffer.from(v.value as Uint8Array);
  let type = 'application/octet-stream';
  if (v.type === 'file') {
    const mimeType = v.valueInfo['mimeType'];
    const encoding = v.valueInfo['encoding'];
    if (typeof mimeType === 'string' && mimeType !== '') type = mimeType;
    if (typeof encoding === 'string' && encoding !== '') type += `; charset=${encoding}`;
    const filename = typeof v.valueInfo['filename'] === 'string' ? v.valueInfo['filename'] : name;
    ctx.set('Content-Disposition', `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  }
  ctx.status = 200;
  ctx.body = bytes;
  ctx.set('Content-Type', type);
}

function idOf(ctx: Context): string {
  return paramOf(ctx, 'id');
}

function paramOf(ctx: Context, name: string): string {
  return String((ctx.params as Record<string, string | undefined>)[name]);
}

/** `workerId` of a body; absent stays empty, which the engine rejects with "workerId is null". */
function workerOf(body: Record<string, unknown>): string {
  return stringField(body, 'workerId') ?? '';
}

function stringField(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badField(key, v, 'a string');
}

/** An integer field; numeric strings are accepted as Jackson does. */
function intField(o: Record<string, unknown>, key: string): number | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw badField(key, v, 'an integer');
  return n;
}

function boolField(o: Record<string, unknown>, key: string): boolean | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badField(key, v, 'a boolean');
}

function stringList(o: Record<string, unknown>, key: string): string[] | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badField(key, v, 'a JSON array of strings');
  return v as string[];
}

function badField(key: string, value: unknown, expected: string): InvalidRequestException {
  const shown = JSON.stringify(value) ?? String(value);
  return new InvalidRequestException(400, `Cannot deserialize property '${key}': expected ${expected}, got ${shown.length > 100 ? `${shown.slice(0, 100)}…` : shown}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
