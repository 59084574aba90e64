import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import { ForbiddenError } from '../../errors.js';
import { USER_ID_PATTERN } from '../../identity/identity.types.js';
import { can } from '../../jurisdiction/index.js';
import { CHANNEL_NAMES, NOTIFICATION_KINDS, type DeliveryStatus, type NotificationCenter } from '../../notifications/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

/** Dependencies of {@link notificationRoutes}. */
export interface NotificationRoutesDeps {
  notifications: NotificationCenter;
}

/** The states of a delivery (`DeliveryStatus`). */
const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const satisfies readonly DeliveryStatus[];
const Kind = z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` });
const Kinds = z.array(Kind).max(NOTIFICATION_KINDS.length * 2).transform((kinds) => [...new Set(kinds)]);

/** Body of `POST /api/inbox/read-all`: all unread notifications, or those of one kind. */
export const MarkAllReadRequest = z.strictObject({ kind: Kind.optional() }).default({});

/** An e-mail address; empty or null clears it. */
export const EmailAddress = z.string().trim().max(255, { error: bilingual('must be at most 255 characters', '长度不得超过 255 个字符') })
  .refine((v) => v === '' || z.regexes.email.test(v), { error: bilingual('must be an e-mail address such as zhang.wei@example.gov.cn', '须为电子邮箱地址，如 zhang.wei@example.gov.cn') })
  .transform((v) => v || null).nullable();

/** A mainland China mobile number (spaces, dashes and a +86 prefix allowed); empty or null clears it. */
export const MobileNumber = z.string().max(32, { error: bilingual('must be a mainland China mobile number of 11 digits, e.g. 13800138000', '须为 11 位中国大陆手机号码，如 13800138000') })
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => v === '' || /^(?:\+?86)?1[3-9]\d{9}$/.test(v), { error: bilingual('must be a mainland China mobile number of 11 digits, e.g. 13800138000', '须为 11 位中国大陆手机号码，如 13800138000') })
  .transform((v) => (v ? v.slice(-11) : null)).nullable();

/** Body of `PUT /api/me/notification-settings`; fields left out stay as they are. */
export const NotificationSettingsRequest = z.strictObject({
  email: EmailAddress.optional(),
  mobile: MobileNumber.optional(),
  emailKinds: Kinds.optional(),
  smsKinds: Kinds.optional(),
});

/** Query of `GET /api/admin/notification-deliveries`. */
export const DeliveryListQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES, { error: bilingual('must be pending, sent or failed', '须为 pending（待发送）、sent（已发送）或 failed（发送失败）') }).optional(),
  channel: z.enum(CHANNEL_NAMES, { error: `must be one of ${CHANNEL_NAMES.join(', ')}` }).optional(),
  userId: z.string().regex(USER_ID_PATTERN, { error: bilingual('must be a user id', '须为有效的用户编号') }).optional(),
  from: z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).optional(),
  to: z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).optional(),
  offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(0).default(0),
  limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(1).max(200).default(50),
});

const DeliveryId = z.strictObject({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });

/** Answer of `GET /api/inbox/counts`: the unread notifications of the inbox, overall and by kind (every kind, 0 where none). */
export const UnreadCountsResponse = z.object({ unread: z.number().int(), byKind: z.record(z.enum(NOTIFICATION_KINDS), z.number().int()) });

/** Answer of `POST /api/inbox/read-all`: how many notifications were marked read. */
export const MarkAllReadResponse = z.object({ marked: z.number().int() });

/** Answer of `GET` and `PUT /api/me/notification-settings`: the caller's settings and what they can choose from. */
export const NotificationSettingsResponse = z.object({
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  emailKinds: z.array(z.enum(NOTIFICATION_KINDS)),
  smsKinds: z.array(z.enum(NOTIFICATION_KINDS)),
  /** Every kind of notification. */
  kinds: z.array(z.enum(NOTIFICATION_KINDS)),
  /** The channels this installation delivers through. */
  channels: z.array(z.enum(CHANNEL_NAMES)),
});

/** One e-mail or SMS delivery with its notification's kind and title (null when the notification is gone). */
export const DeliveryResponse = z.object({
  id: z.string(), notificationId: z.string(), kind: z.enum(NOTIFICATION_KINDS).nullable(), title: z.string().nullable(), userId: z.string(),
  channel: z.enum(CHANNEL_NAMES), status: z.enum(DELIVERY_STATUSES), attempts: z.number().int(), lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(), sentAt: z.iso.datetime().nullable(),
});

/** Answer of `GET /api/admin/notification-deliveries`: a page of deliveries, the total, and the number of failed deliveries overall. */
export const DeliveryListResponse = z.object({ items: z.array(DeliveryResponse), total: z.number().int(), failed: z.number().int(), offset: z.number().int(), limit: z.number().int() });

/** The operations of {@link notificationRoutes}, for the OpenAPI description. */
export const notificationOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/inbox/counts', tags: ['notifications'], security: 'bearer',
    summary: '未读消息数 · Unread notifications of the caller\'s inbox, overall and by kind',
    description: `The inbox holds the caller's own notifications and those of its groups. Kinds: ${NOTIFICATION_KINDS.join(', ')}.`,
    responses: [{ status: 200, description: '`{unread, byKind: {assignment, carbon-copy, urge, correction, warning, escalation, status, document}}`', contentType: 'application/json', schema: UnreadCountsResponse }],
  },
  {
    method: 'post', path: '/api/inbox/read-all', tags: ['notifications'], security: 'bearer',
    summary: '全部标为已读 · Mark every unread notification of the inbox as read, or those of one kind',
    description: 'A group\'s notification counts as read for the whole group, as with `POST /api/inbox/{id}/read`.',
    body: { contentType: 'application/json', schema: MarkAllReadRequest, required: false },
    responses: [{ status: 200, description: '`{marked}`: how many were marked.', contentType: 'application/json', schema: MarkAllReadResponse }],
  },
  {
    method: 'get', path: '/api/me/notification-settings', tags: ['notifications'], security: 'bearer',
    summary: '我的通知设置 · The caller\'s e-mail address, mobile number, and the kinds sent by e-mail and SMS',
    responses: [{ status: 200, description: '`{email, mobile, emailKinds, smsKinds, kinds, channels}`; `channels` lists those this installation delivers through.', contentType: 'application/json', schema: NotificationSettingsResponse }],
  },
  {
    method: 'put', path: '/api/me/notification-settings', tags: ['notifications'], security: 'bearer',
    summary: '修改通知设置 · Change the caller\'s contacts and the kinds sent by e-mail and SMS',
    description: 'Fields left out stay as they are; null or an empty string clears an address. Choosing kinds for a channel needs its address (400 naming `email` or `mobile`).',
    body: { contentType: 'application/json', schema: NotificationSettingsRequest },
    responses: [{ status: 200, description: 'The settings, as `GET` answers them.', contentType: 'application/json', schema: NotificationSettingsResponse }],
    errors: [404],
  },
  {
    method: 'get', path: '/api/admin/notification-deliveries', tags: ['notifications', 'admin'], security: 'bearer',
    summary: '消息发送记录 · E-mail and SMS deliveries, newest first, with the reason of each failure (administrators)',
    query: DeliveryListQuery,
    responses: [{ status: 200, description: '`{items: [{id, notificationId, kind, title, userId, channel, status, attempts, lastError, nextAttemptAt, createdAt, updatedAt, sentAt}], total, failed, offset, limit}`; `failed` counts every failed delivery.', contentType: 'application/json', schema: DeliveryListResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/admin/notification-deliveries/{id}/retry', tags: ['notifications', 'admin'], security: 'bearer',
    summary: '重新发送 · Put a failed delivery back in the queue (administrators; audited)',
    description: 'Starts a fresh round of attempts on the dispatcher\'s next pass. Only a failed delivery can be retried (409 otherwise).',
    params: DeliveryId,
    responses: [{ status: 200, description: 'The delivery, now pending.', contentType: 'application/json', schema: DeliveryResponse }],
    errors: [403, 404, 409],
  },
];

/**
 * The inbox's unread counts and "mark all read" (`/api/inbox/counts`, `/api/inbox/read-all`; the inbox itself is
 * in `applications.routes.ts`), the caller's own notification settings (`/api/me/notification-settings`), and the
 * administrators' log of e-mail and SMS deliveries with a retry (`/api/admin/notification-deliveries`).
 */
export function notificationRoutes(deps: NotificationRoutesDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const { counts, settings } = deps.notifications;

  router.get('/inbox/counts', async (ctx) => {
    const p = principalOf(ctx.state);
    ctx.body = await counts.unread(p.userId, p.groupIds);
  });

  router.post('/inbox/read-all', async (ctx) => {
    const { kind } = parseInput(MarkAllReadRequest, ctx.request.body);
    const p = principalOf(ctx.state);
    ctx.body = { marked: await counts.markAllRead(p.userId, p.groupIds, kind) };
  });

  router.get('/me/notification-settings', async (ctx) => {
    ctx.body = { ...(await settings.get(principalOf(ctx.state).userId)), ...choices(deps.notifications) };
  });

  router.put('/me/notification-settings', async (ctx) => {
    const change = parseInput(NotificationSettingsRequest, ctx.request.body);
    const userId = principalOf(ctx.state).userId;
    ctx.body = { ...(await settings.update(userId, stripUndefined(change), auditContextOf(ctx))), ...choices(deps.notifications) };
  });

  router.get('/admin/notification-deliveries', async (ctx) => {
    administrator(ctx.state);
    const q = parseInput(DeliveryListQuery, ctx.query, 'query');
    const page = await deps.notifications.deliveries.list({ ...q, from: q.from === undefined ? undefined : new Date(q.from), to: q.to === undefined ? undefined : new Date(q.to) });
    ctx.body = { ...page, offset: q.offset, limit: q.limit };
  });

  router.post('/admin/notification-deliveries/:id/retry', async (ctx) => {
    administrator(ctx.state);
    const { id } = parseInput(DeliveryId, ctx.params, 'path');
    ctx.body = await deps.notifications.deliveries.retry(id, auditContextOf(ctx));
  });

  return router;
}

// helpers ////

function administrator(state: AppState): void {
  if (!can(principalOf(state), 'user.manage')) throw new ForbiddenError('FORBIDDEN', localize('Only administrators see and retry notification deliveries', '只有系统管理员可以查看和重发消息发送记录'));
}

/** What a user can choose from: every kind, and the channels this installation delivers through. */
function choices(center: NotificationCenter) {
  return { kinds: NOTIFICATION_KINDS, channels: CHANNEL_NAMES.filter((c) => center.channels[c]) };
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
