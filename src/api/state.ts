import type { Principal, TokenSession } from '../auth/tokens.js';
import type { Logger } from '../logger.js';

/** What the application's middleware puts on `ctx.state`. */
export interface AppState {
  /** The request's id, echoed in the `X-Request-Id` response header. */
  requestId: string;
  /** A logger bound to this request's id. */
  log: Logger;
  /** The authenticated caller of an `/api` request (set by `authenticate`). */
  principal?: Principal;
  /** The session of the caller's token (set by `authenticate`), which a logout ends. */
  session?: TokenSession;
  /** The authenticated caller of an `/engine-rest` request (set by `engineAuth`); the engine reads it. */
  engineUser?: Principal;
}

declare module 'koa' {
  interface Request {
    /** The parsed JSON body of an `/api` request (set by `jsonBody`); undefined when the request had none. */
    body?: unknown;
  }
}
