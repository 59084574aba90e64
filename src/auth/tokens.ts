import { createSecretKey, type KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Config } from '../config.js';
import { UnauthenticatedError } from '../errors.js';
import { localize } from '../language.js';

/** Who a request acts for: a user id and the ids of its groups. */
export interface Principal {
  userId: string;
  groupIds: string[];
}

/** What a verified token says of the session it belongs to, for logout and for ending a user's sessions. */
export interface TokenSession {
  /** The token's own id (`jti`): a logout revokes this one token. */
  tokenId: string;
  /** The account's token generation when the token was signed (`gen`): a password change moves it on. */
  generation: number;
  /** When the token expires; a revocation need not be kept longer. */
  expiresAt: Date;
}

/** A verified user token: its principal and its session. */
export interface VerifiedToken {
  principal: Principal;
  session: TokenSession;
}

/** The `iss` claim of every token this application signs, and the only issuer it accepts. */
export const TOKEN_ISSUER = 'security-supervision';

/**
 * The `aud` claim of a delegation token: the application calling the embedded engine's `/engine-rest` on behalf of
 * an officer whose request it has already authorised. Such tokens are never handed out and never accepted on `/api`.
 */
export const ENGINE_DELEGATION_AUDIENCE = 'engine-rest-delegation';

/** Lifetime of a delegation token, in seconds: long enough for one request to the engine. */
export const DELEGATION_TOKEN_SECONDS = 300;

/** A principal as `/engine-rest` sees it: with `delegated` true when the application acts for it. */
export interface EnginePrincipal extends VerifiedToken {
  delegated: boolean;
}

/** The settings key under which a generated JWT secret is kept. */
export const JWT_SECRET_SETTING = 'jwt.secret';

/** Options of {@link TokenService}. */
export interface TokenServiceOptions {
  /** HS256 key. */
  secret: string;
  /** Lifetime of signed tokens, in seconds. */
  expiresInSeconds: number;
  /** Current time in milliseconds since the epoch; `Date.now` by default. */
  clock?: () => number;
}

/** Anything that can read and create a stored setting; `SettingsRepository` in production. */
export interface SecretStore {
  getOrCreate(key: string, create: () => string): Promise<string>;
}

/**
 * Signs and verifies the application's bearer tokens (JWT, HS256 only, issuer `security-supervision`), used for
 * `/api` and as an alternative to Basic authentication on `/engine-rest`.
 */
export class TokenService {
  /** The HS256 key as a KeyObject: jsonwebtoken would otherwise probe it as a public key on every call. */
  private readonly secret: KeyObject;
  private readonly clock: () => number;

  /** Lifetime of signed tokens, in seconds. */
  readonly expiresInSeconds: number;

  constructor(options: TokenServiceOptions) {
    if (options.secret.length < 32) throw new Error('JWT secret must be at least 32 characters long');
    if (!Number.isInteger(options.expiresInSeconds) || options.expiresInSeconds <= 0) {
      throw new Error('Token lifetime must be a positive number of seconds');
    }
    this.secret = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.expiresInSeconds = options.expiresInSeconds;
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Signs a token for `principal`, valid for {@link expiresInSeconds} from now, with its own id and the account's
   * token `generation` (0 until the account's sessions are first ended).
   */
  sign(principal: Principal, generation = 0): string {
    const payload = { groups: principal.groupIds, gen: generation, iat: this.nowSeconds() };
    return jwt.sign(payload, this.secret, {
      algorithm: ALGORITHM,
      expiresIn: this.expiresInSeconds,
      issuer: TOKEN_ISSUER,
      subject: principal.userId,
      jwtid: randomBytes(16).toString('base64url'),
    });
  }

  /**
   * Signs a short-lived delegation token ({@link ENGINE_DELEGATION_AUDIENCE}) with which the application calls the
   * embedded engine as `principal`, so that the engine's history names the officer who acted.
   */
  signDelegation(principal: Principal): string {
    const payload = { groups: principal.groupIds, iat: this.nowSeconds() };
    return jwt.sign(payload, this.secret, {
      algorithm: ALGORITHM,
      expiresIn: Math.min(DELEGATION_TOKEN_SECONDS, this.expiresInSeconds),
      issuer: TOKEN_ISSUER,
      subject: principal.userId,
      audience: ENGINE_DELEGATION_AUDIENCE,
      jwtid: randomBytes(16).toString('base64url'),
    });
  }

  /**
   * Checks a token's signature, algorithm, issuer and expiry and returns its principal; delegation tokens are
   * refused. Throws `UnauthenticatedError` (`UNAUTHENTICATED`) for any token that fails.
   */
  verify(token: string): Principal {
    return this.verifySession(token).principal;
  }

  /** Like {@link verify}, with the token's session. */
  verifySession(token: string): VerifiedToken {
    const { principal, session, delegated } = this.verifyForEngine(token);
    if (delegated) throw new UnauthenticatedError('UNAUTHENTICATED', localize('Token is invalid', '登录凭证无效，请重新登录'));
    return { principal, session };
  }

  /**
   * Checks a token for `/engine-rest`: a user's token, or a delegation token of the application. Throws
   * `UnauthenticatedError` (`UNAUTHENTICATED`) for any token that fails.
   */
  verifyForEngine(token: string): EnginePrincipal {
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, this.secret, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        clockTimestamp: this.nowSeconds(),
      });
    } catch (err) {
      const message = err instanceof jwt.TokenExpiredError ? localize('Token has expired', '登录已过期，请重新登录') : localize('Token is invalid', '登录凭证无效，请重新登录');
      throw new UnauthenticatedError('UNAUTHENTICATED', message, undefined, { cause: err });
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) throw new UnauthenticatedError('UNAUTHENTICATED', localize('Token is invalid', '登录凭证无效，请重新登录'));
    const delegated = claims.data.aud === ENGINE_DELEGATION_AUDIENCE;
    if (claims.data.aud !== undefined && !delegated) throw new UnauthenticatedError('UNAUTHENTICATED', localize('Token is invalid', '登录凭证无效，请重新登录'));
    const session: TokenSession = { tokenId: claims.data.jti, generation: claims.data.gen, expiresAt: new Date(claims.data.exp * 1000) };
    return { principal: { userId: claims.data.sub, groupIds: claims.data.groups }, session, delegated };
  }

  /**
   * A function returning a valid token for `principal`, signing a fresh one when the previous one has used up
   * 80 % of its lifetime; for long-running callers such as the external-task workers.
   */
  tokenSupplier(principal: Principal): () => string {
    let token: string | undefined;
    let renewAt = 0;
    return () => {
      const now = this.clock();
      if (token === undefined || now >= renewAt) {
        token = this.sign(principal);
        renewAt = now + this.expiresInSeconds * 800;
      }
      return token;
    };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }
}

/**
 * The HS256 key to use: `JWT_SECRET` when configured; otherwise the one kept in the database under
 * `jwt.secret`, generated (48 random bytes, base64url) on first start.
 */
export async function resolveJwtSecret(config: Pick<Config, 'jwtSecret'>, settings: SecretStore): Promise<string> {
  if (config.jwtSecret !== undefined) return config.jwtSecret;
  return settings.getOrCreate(JWT_SECRET_SETTING, () => randomBytes(48).toString('base64url'));
}

// helpers ////

const ALGORITHM = 'HS256' as const;

const claimsSchema = z.object({
  sub: z.string().min(1),
  groups: z.array(z.string()),
  aud: z.string().optional(),
  jti: z.string().min(1),
  gen: z.number().int().nonnegative().default(0),
  exp: z.number(),
});
