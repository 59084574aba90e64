import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../errors.js';
import { localize } from '../language.js';
import { memoryRateLimits, type RateLimits } from './rate-limits.js';

/** Settings of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failed logins of one user name from one address before it is locked out. */
  maxFailures: number;
  /** How long failures are counted, and how long a lockout lasts, in seconds. */
  windowSeconds: number;
}

/**
 * Slows down password guessing: a user name is locked for an address after `maxFailures` failed logins within the
 * window, and an address after ten times as many failures over any user names (password spraying). A successful
 * login clears its user name's failures. Counts live where `limits` keeps them: in the database on MySQL/MariaDB,
 * shared by the nodes of a cluster (`rateLimitsOf`); in this process's memory otherwise.
 */
export class LoginThrottle {
  private readonly byUser: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(options: LoginThrottleOptions, limits: RateLimits = memoryRateLimits) {
    this.byUser = limits({ keyPrefix: 'login-user', points: options.maxFailures, duration: options.windowSeconds, blockDuration: options.windowSeconds });
    this.byAddress = limits({ keyPrefix: 'login-ip', points: options.maxFailures * 10, duration: options.windowSeconds, blockDuration: options.windowSeconds });
  }

  /** Throws `TooManyRequestsError` (`TOO_MANY_ATTEMPTS`, 429) when logins of `username` from `ip` are locked now. */
  async check(username: string, ip: string): Promise<void> {
    const [user, address] = await Promise.all([this.byUser.get(userKey(username, ip)), this.byAddress.get(ip)]);
    for (const state of [user, address]) {
      if (state && state.remainingPoints <= 0 && state.msBeforeNext > 0) throw lockedOut(state.msBeforeNext);
    }
  }

  /** Counts a failed login; throws `TooManyRequestsError` when it was the last one allowed. */
  async failed(username: string, ip: string): Promise<void> {
    const outcomes = await Promise.allSettled([this.byUser.consume(userKey(username, ip)), this.byAddress.consume(ip)]);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        if (outcome.reason instanceof RateLimiterRes) throw lockedOut(outcome.reason.msBeforeNext);
        throw outcome.reason;
      }
    }
  }

  /** Clears the failures of `username` from `ip` after a successful login. */
  async succeeded(username: string, ip: string): Promise<void> {
    await this.byUser.delete(userKey(username, ip));
  }
}

function userKey(username: string, ip: string): string {
  return `${username.trim().toLowerCase()}|${ip}`;
}

function lockedOut(msBeforeNext: number): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new TooManyRequestsError('TOO_MANY_ATTEMPTS', localize(`Too many failed logins; try again in ${seconds} seconds`, `登录失败次数过多，请于 ${seconds} 秒后再试`), { retryAfterSeconds: seconds });
}
