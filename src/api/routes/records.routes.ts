import { Router } from '@koa/router';
import getRawBody from 'raw-body';
import { z } from 'zod';
import type { Principal } from '../../auth/tokens.js';
import { ForbiddenError, UserError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import { RECORD_TYPES, type RecordsRegister } from '../../records/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const Query = z.object({
  residentId: z.string().max(18).optional(),
  name: z.string().max(64).optional(),
  recordType: z.string().max(32).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
/** Body of `POST /api/records/search`: the criteria of {@link Query}, kept out of the address (and so out of proxies' logs). */
const Search = z.strictObject({
  residentId: z.string().max(18).optional(),
  name: z.string().max(64).optional(),
  recordType: z.string().max(32).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });
const NewRecord = z.strictObject({
  residentId: z.string().max(18).optional(),
  name: z.string().max(64),
  recordType: z.string().max(32),
  occurredOn: z.string().max(10),
  note: z.string().max(500).optional(),
  source: z.string().max(128),
});
const ImportQuery = z.object({ source: z.string().trim().min(1).max(128).default('CSV import') });

/** An entry of the register of disqualifying records. */
export const RecordEntryResponse = z.object({
  id: z.string(),
  residentId: z.string().nullable().describe('The 18-character resident ID number, or null when the record only carries a name.'),
  name: z.string(),
  recordType: z.enum(RECORD_TYPES),
  occurredOn: z.iso.date(),
  source: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});

/** Answer of `GET /api/records`: a page of entries, newest first, and how many match in all. */
export const RecordsPageResponse = z.object({ total: z.number().int(), items: z.array(RecordEntryResponse) });

/** Answer of `POST /api/records/import`: the rows inserted, and those left out as already in the register or repeated in the file. */
export const RecordsImportResponse = z.object({ imported: z.number().int(), skipped: z.number().int() });

/** The largest CSV file accepted (about 50 000 rows). */
const MAX_CSV_BYTES = 20 * 1024 * 1024;

/**
 * The register of disqualifying records under `/api/records`, for administrators: list, add, remove, and import
 * a CSV file (`text/csv`; all rows or none, with a report of the bad rows).
 */
export function recordRoutes(deps: { records: RecordsRegister; now: () => Date }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/records' });
  const admin = (state: AppState): Principal => {
    const p = principalOf(state);
    if (!can(p, 'records.manage')) throw new ForbiddenError('FORBIDDEN', localize('Only administrators maintain the records register', '只有系统管理员可以维护不良记录库'));
    return p;
  };

  router.get('/', async (ctx) => {
    admin(ctx.state);
    ctx.body = await deps.records.list(parseInput(Query, ctx.query, 'query'));
  });

  router.post('/search', async (ctx) => {
    admin(ctx.state);
    ctx.body = await deps.records.list(parseInput(Search, ctx.request.body ?? {}));
  });

  router.post('/', async (ctx) => {
    const p = admin(ctx.state);
    const body = parseInput(NewRecord, ctx.request.body);
    ctx.status = 201;
    ctx.body = await deps.records.add(body, p.userId);
  });

  router.delete('/:id', async (ctx) => {
    const p = admin(ctx.state);
    const { id } = parseInput(Id, ctx.params, 'path');
    await deps.records.remove(id, p.userId);
    ctx.status = 204;
  });

  router.post('/import', async (ctx) => {
    const p = admin(ctx.state);
    if (!ctx.request.is('text/csv', 'text/plain')) throw new UnsupportedCsv('UNSUPPORTED_MEDIA_TYPE', localize('Send the CSV file as the request body with Content-Type: text/csv', '请以 Content-Type: text/csv 将 CSV 文件作为请求正文提交'));
    const q = parseInput(ImportQuery, ctx.query, 'query');
    const bytes = await getRawBody(ctx.req, { limit: MAX_CSV_BYTES, length: ctx.get('Content-Length') || undefined });
    ctx.body = await deps.records.importCsv(bytes, { actor: p.userId, source: q.source });
  });

  return router;
}

/** The operations of {@link recordRoutes}, for the OpenAPI description. */
export const recordOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/records', tags: ['records'], security: 'bearer',
    summary: '查询不良记录 · List entries of the register of disqualifying records',
    query: Query,
    responses: [{ status: 200, description: '`{items, total}`', contentType: 'application/json', schema: RecordsPageResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/records/search', tags: ['records'], security: 'bearer',
    summary: '按身份信息查询不良记录 · Search the register with the criteria in the body',
    description: 'The same search as `GET /api/records`, with the resident ID number and name in the body rather than in the address, so that they stay out of browser history and of the access logs of proxies. The web application uses this one.',
    body: { contentType: 'application/json', schema: Search },
    responses: [{ status: 200, description: '`{items, total}`', contentType: 'application/json', schema: RecordsPageResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/records', tags: ['records'], security: 'bearer',
    summary: '新增不良记录 · Add an entry',
    body: { contentType: 'application/json', schema: NewRecord },
    responses: [{ status: 201, description: 'The entry.', contentType: 'application/json', schema: RecordEntryResponse }],
    errors: [403, 409],
  },
  {
    method: 'delete', path: '/api/records/{id}', tags: ['records'], security: 'bearer',
    summary: '删除不良记录 · Remove an entry',
    params: Id,
    responses: [{ status: 204, description: 'Removed.' }],
    errors: [403, 404],
  },
  {
    method: 'post', path: '/api/records/import', tags: ['records'], security: 'bearer',
    summary: '批量导入不良记录 · Import a CSV file: all rows or none',
    description: 'A file with a bad row imports nothing and answers a report of the bad rows (400).',
    query: ImportQuery,
    body: { contentType: ['text/csv', 'text/plain'], description: 'The CSV file, UTF-8, with a header row; at most 20 MiB.' },
    responses: [{ status: 200, description: 'The import report: `{imported, skipped}`, the rows inserted and those the register already had (or that repeat an earlier row).', contentType: 'application/json', schema: RecordsImportResponse }],
    errors: [403, 413, 415],
  },
];

/** A records import in another media type than CSV (415). */
class UnsupportedCsv extends UserError {
  override readonly status: number = 415;
}
