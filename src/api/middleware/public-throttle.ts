import type { Middleware } from 'koa';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryRateLimits, type RateLimits } from '../../auth/rate-limits.js';
import { TooManyRequestsError } from '../../errors.js';
import type { AppState } from '../state.js';
import { PUBLIC_API_PREFIX } from './authenticate.js';
import { localize } from '../../language.js';

/**
 * Limits what the public may send without an account — registrations, tip reports and their additions, ratings —
 * to `perHour` requests per address (429 `TOO_MANY_ATTEMPTS` with `Retry-After` beyond). Reads are not limited.
 * Counts live where `limits` keeps them (shared by the nodes of a cluster on MySQL/MariaDB).
 */
export function publicThrottle(perHour: number, limits: RateLimits = memoryRateLimits): Middleware<AppState> {
  const limiter = limits({ keyPrefix: 'public-post', points: perHour, duration: 3600 });
  return async (ctx, next) => {
    if (ctx.method === 'POST' && (ctx.path.startsWith(PUBLIC_API_PREFIX))) {
      try {
        await limiter.consume(ctx.ip);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new TooManyRequestsError('TOO_MANY_ATTEMPTS', localize(`Too many submissions from your address; try again in ${seconds} seconds`, `您所在地址提交过于频繁，请于 ${seconds} 秒后再试`), { retryAfterSeconds: seconds });
      }
    }
    return next() as Promise<void>;
  };
}
