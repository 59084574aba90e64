/** Who caused an audit entry, and from where. */
export interface AuditContext {
  /** The authenticated user who acts; null when nobody is (an anonymous caller, a failed login, the application itself). */
  actor: string | null;
  /** The id of the HTTP request (`X-Request-Id`), when there is one. */
  requestId?: string | null;
  /** The caller's IP address, when there is one. */
  ip?: string | null;
}

/** The parts of a Koa context that {@link auditContextOf} reads. */
export interface AuditedRequest {
  state: { requestId?: string; principal?: { userId: string }; engineUser?: { userId: string } };
  ip: string;
}

/**
 * The audit context of an HTTP request: its id, the caller's IP address and, as actor, the authenticated caller of
 * an `/api` or `/engine-rest` request (or `actor` when given, e.g. the user who just logged in).
 */
export function auditContextOf(ctx: AuditedRequest, actor?: string | null): AuditContext {
  return {
    actor: actor !== undefined ? actor : (ctx.state.principal?.userId ?? ctx.state.engineUser?.userId ?? null),
    requestId: ctx.state.requestId ?? null,
    ip: ctx.ip || null,
  };
}

/** An audit context for what the application does on its own (start-up bootstrap, timers). */
export const SYSTEM_AUDIT_CONTEXT: AuditContext = Object.freeze({ actor: null });
