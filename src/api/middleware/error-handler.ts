import type { Middleware } from 'koa';
import { EngineException } from '../../engine/errors.js';
import { AppError, ValidationError, type ErrorCode } from '../../errors.js';
import { currentLanguage, localize } from '../../language.js';
import type { AppState } from '../state.js';
import { sendJson } from './json-response.js';

/** The body of every error response outside `/engine-rest`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Present for validation errors (`details.issues`) and other user errors that carry details. */
  details?: Record<string, unknown>;
}

/**
 * Turns anything thrown further down into a JSON error response and logs it. `AppError`s answer with their
 * status and `{code, message}`; only user errors show their message, other failures get a generic one. Koa
 * and library HTTP errors (e.g. 413 from the body parser) map to the nearest code. Engine exceptions that
 * escape `/engine-rest` are answered in Camunda's `{type, message, code}` shape.
 */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const log = ctx.state.log;
      if (err instanceof EngineException) {
        if (err.status >= 500) log.error('engine request failed', { err });
        sendJson(ctx, err.status, { type: err.type, message: err.message, code: err.code });
        return;
      }
      const { status, body } = toResponse(err);
      // a refusal that says when to come back says it in the standard header too
      const retryAfter = body.details?.['retryAfterSeconds'];
      if (status === 429 && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
      if (status >= 500) log.error('request failed', { err, code: body.code });
      else if (status === 400) log.warn('request rejected', { code: body.code, message: body.message });
      else log.info('request refused', { code: body.code, message: body.message });
      // the message is worded in the request's language (D-020): the web shows it as is when it is the page's
      ctx.set('Content-Language', currentLanguage());
      sendJson(ctx, status, body);
    }
  };
}

// helpers ////

function toResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    if (err.expose) {
      const body: ErrorBody = { code: err.code, message: chineseSummary(err) ?? err.message };
      if (err.details !== undefined) body.details = err.details;
      return { status: err.status, body };
    }
    return { status: err.status, body: genericBody(err.status) };
  }
  const status = httpStatusOf(err);
  if (status !== undefined && status >= 400 && status < 500) {
    const exposed = (err as { expose?: unknown }).expose === true;
    const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    const message = exposed && err instanceof Error && currentLanguage() === 'en' ? err.message : defaultMessage(code);
    return { status, body: { code, message } };
  }
  return { status: 500, body: genericBody(500) };
}

/**
 * For a request in Chinese, the top-level message of a validation error with field issues: its issues (already
 * worded in the request's language) summed up in Chinese; undefined otherwise (the error's own English message).
 */
function chineseSummary(err: AppError): string | undefined {
  if (!(err instanceof ValidationError) || err.code !== 'VALIDATION_FAILED' || err.issues.length === 0 || currentLanguage() !== 'zh-CN') return undefined;
  return `提交的内容有误：${err.issues.map((i) => (i.path ? `${i.path}：${i.message}` : i.message)).join('；')}`;
}

function genericBody(status: number): ErrorBody {
  const code: ErrorCode = status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR';
  return { code, message: defaultMessage(code) };
}

/** The generic message of `code` in the request's language. */
function defaultMessage(code: ErrorCode): string {
  const [en, zh] = DEFAULT_MESSAGES[code] ?? ['Request failed', '请求未能完成'];
  return localize(en, zh);
}

/** The status of errors made by `http-errors` (Koa's `ctx.throw`, raw-body, the router). */
function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'BUSINESS_RULE_VIOLATED',
};

/** Messages (English, Chinese) for errors whose own message is not shown; codes not listed get a generic one. */
const DEFAULT_MESSAGES: Partial<Record<ErrorCode, [string, string]>> = {
  INVALID_CREDENTIALS: ['Invalid username or password', '用户名或密码错误'],
  UNAUTHENTICATED: ['Authentication required', '请先登录'],
  FORBIDDEN: ['Not allowed', '无权执行此操作'],
  VALIDATION_FAILED: ['Invalid request', '提交的内容有误'],
  PAYLOAD_TOO_LARGE: ['Request body is too large', '提交的内容过大'],
  UNSUPPORTED_MEDIA_TYPE: ['Unsupported media type', '不支持的内容类型'],
  METHOD_NOT_ALLOWED: ['Method not allowed', '不支持该操作'],
  BAD_REQUEST: ['Bad request', '请求有误'],
  NOT_FOUND: ['Not found', '所查找的内容不存在'],
  USER_NOT_FOUND: ['User not found', '用户不存在'],
  GROUP_NOT_FOUND: ['Group not found', '用户组不存在'],
  USER_EXISTS: ['User already exists', '用户已存在'],
  GROUP_EXISTS: ['Group already exists', '用户组已存在'],
  CONFLICT: ['Conflict', '操作与当前状态冲突'],
  BUSINESS_RULE_VIOLATED: ['The request breaks a business rule', '不符合业务办理规定'],
  GREETING_NAME_BLANK: ['The name to greet is blank', '名称不得为空'],
  SERVICE_UNAVAILABLE: ['Service temporarily unavailable, please retry', '服务暂时不可用，请稍后重试'],
  INTERNAL_ERROR: ['Internal server error', '服务器内部错误'],
};
