import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import { isLocalDate } from '../../clocks/index.js';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import { bilingual, localize } from '../../language.js';
import type { HolidayYearDetail, HolidayYears } from '../../licensing/holiday-years.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const LocalDateInput = z.string({ error: bilingual('must be a date written YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') })
  .refine(isLocalDate, { error: bilingual('must be a calendar date written YYYY-MM-DD', '须为 YYYY-MM-DD 格式的有效日期') });

/** Body of `PUT /api/admin/holiday-calendar/{year}`: the State Council's arrangement of that year. */
export const HolidayYearBody = z.strictObject({
  basis: z.string({ error: bilingual('must name the State Council notice', '须填写国务院通知名称或文号') }).trim()
    .min(1, { error: bilingual('must name the State Council notice', '须填写国务院通知名称或文号') })
    .max(200, { error: bilingual('must be at most 200 characters', '不得超过 200 个字符') }),
  holidays: z.array(LocalDateInput, { error: bilingual('must be a list of dates', '须为日期列表') }).max(366),
  workdays: z.array(LocalDateInput, { error: bilingual('must be a list of dates', '须为日期列表') }).max(106),
}).describe('A year\'s holidays (days off, including weekends inside a holiday and days in lieu) and adjusted working Saturdays and Sundays (调休上班), with the notice they come from.');

const YearParam = z.object({
  year: z.coerce.number({ error: bilingual('must be a year', '须为年份') }).int({ error: bilingual('must be a year', '须为年份') }).describe('The year, e.g. 2027.'),
});

const Source = z.enum(['bundled', 'file', 'entered']).describe('`bundled`: the chinese-days package; `file`: HOLIDAY_CALENDAR_FILE; `entered`: entered by an administrator.');

/** Answer of `GET /api/admin/holiday-calendar`. */
export const HolidayCalendarResponse = z.object({
  years: z.array(z.object({
    year: z.number().int(), source: Source, holidays: z.number().int(), workdays: z.number().int(),
    basis: z.string().nullable(), updatedBy: z.string().nullable(), updatedAt: z.iso.datetime().nullable(),
  })),
  currentYear: z.number().int(),
  missing: z.array(z.number().int()).describe('The current and the next year when the calendar lacks them.'),
  waiting: z.number().int().describe('Procedures stopped (incidents) because the calendar lacked a year.'),
}).meta({ id: 'HolidayCalendar' });

/** Answer of `GET /api/admin/holiday-calendar/{year}`. */
export const HolidayYearResponse = z.object({
  year: z.number().int(), source: Source, holidays: z.array(z.iso.date()), workdays: z.array(z.iso.date()),
  basis: z.string().nullable(), updatedBy: z.string().nullable(), updatedAt: z.iso.datetime().nullable(),
}).meta({ id: 'HolidayYear' });

/** Answer of `PUT /api/admin/holiday-calendar/{year}`. */
export const EnteredHolidayYearResponse = HolidayYearResponse.extend({
  retried: z.number().int().describe('Stopped procedures resumed because the year is now covered.'),
}).meta({ id: 'EnteredHolidayYear' });

/**
 * The working-day calendar for administrators (节假日安排, `calendar.manage`): `GET /api/admin/holiday-calendar` (the
 * years covered, those missing, the procedures waiting), `GET …/{year}` (a year's days) and `PUT …/{year}` (enter or
 * correct a year's arrangement, which resumes the procedures waiting for it).
 */
export function holidayCalendarRoutes(deps: { holidayYears: HolidayYears }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin/holiday-calendar' });

  router.get('/', async (ctx) => {
    assertKeeper(ctx.state);
    const overview = await deps.holidayYears.overview();
    ctx.body = { ...overview, years: overview.years.map((y) => ({ ...y, updatedAt: y.updatedAt?.toISOString() ?? null })) };
  });

  router.get('/:year', async (ctx) => {
    assertKeeper(ctx.state);
    const { year } = parseInput(YearParam, ctx.params, 'path');
    ctx.body = detailView(await deps.holidayYears.get(year));
  });

  router.put('/:year', async (ctx) => {
    assertKeeper(ctx.state);
    const { year } = parseInput(YearParam, ctx.params, 'path');
    const body = parseInput(HolidayYearBody, ctx.request.body);
    const by = auditContextOf(ctx);
    const entered = await deps.holidayYears.enter(year, body, { ...by, actor: principalOf(ctx.state).userId });
    ctx.body = { ...detailView(entered), retried: entered.retried };
  });

  return router;
}

/** Refuses (403) a caller who does not keep the holiday calendar. */
function assertKeeper(state: AppState): void {
  if (!can(principalOf(state), 'calendar.manage')) throw new ForbiddenError('FORBIDDEN', localize('Only administrators keep the holiday calendar', '只有系统管理员可以维护节假日安排'));
}

function detailView(year: HolidayYearDetail) {
  return { ...year, updatedAt: year.updatedAt?.toISOString() ?? null };
}

/** The operations of {@link holidayCalendarRoutes}, for the OpenAPI description. */
export const holidayCalendarOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/admin/holiday-calendar', tags: ['admin'], security: 'bearer',
    summary: '节假日安排 · The working-day calendar: the years covered, the years missing, the procedures waiting (administrators)',
    responses: [{ status: 200, description: 'The years.', contentType: 'application/json', schema: HolidayCalendarResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/admin/holiday-calendar/{year}', tags: ['admin'], security: 'bearer',
    summary: '年度节假日安排 · One year\'s holidays and adjusted working days (administrators)',
    params: YearParam,
    responses: [{ status: 200, description: 'The year.', contentType: 'application/json', schema: HolidayYearResponse }],
    errors: [400, 403, 404],
  },
  {
    method: 'put', path: '/api/admin/holiday-calendar/{year}', tags: ['admin'], security: 'bearer',
    summary: '录入年度节假日安排 · Enter or correct a year\'s arrangement; the procedures waiting for it resume (administrators)',
    params: YearParam,
    body: { contentType: 'application/json', schema: HolidayYearBody },
    responses: [{ status: 200, description: 'The year as stored, and how many stopped procedures were resumed.', contentType: 'application/json', schema: EnteredHolidayYearResponse }],
    errors: [400, 403, 409],
  },
];
