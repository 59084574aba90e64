import type { DataSource } from 'typeorm';
import { AuditLog } from '../../src/audit/audit-log.js';
import { TokenService, type Principal } from '../../src/auth/tokens.js';
import { loadConfig, type Config } from '../../src/config.js';
import { IdentityService } from '../../src/identity/identity.service.js';

/** A JWT secret for tests; long enough for `TokenService`. */
export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** The password {@link createUserWithToken} gives users unless told otherwise. */
export const TEST_PASSWORD = 'correct horse battery';

/** The collaborators the HTTP app needs, over a test database. */
export interface AuthFixture {
  config: Config;
  identity: IdentityService;
  tokens: TokenService;
  /** The audit log the identity service and the app record in. */
  audit: AuditLog;
}

/**
 * Builds the real identity, token and audit services over `dataSource`, with default configuration except strict
 * response checks and a public submission limit no test file reaches (the limit has its own test).
 */
export function createAuthFixture(dataSource: DataSource, options: { secret?: string; clock?: () => number } = {}): AuthFixture {
  // every answer of /api is checked against its documented schema: a mismatch fails the test with a 500 naming it
  const config = loadConfig({ API_RESPONSE_CHECK: 'strict', PUBLIC_SUBMISSIONS_PER_HOUR: '100000' });
  const audit = new AuditLog(dataSource);
  const identity = new IdentityService(dataSource, { audit });
  const tokens = new TokenService({
    secret: options.secret ?? TEST_JWT_SECRET,
    expiresInSeconds: config.jwtExpiresInSeconds,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { config, identity, tokens, audit };
}

/** A user made by {@link createUserWithToken}. */
export interface TestUser {
  id: string;
  name: string;
  password: string;
  groupIds: string[];
  /** A real signed bearer token for the user. */
  token: string;
  principal: Principal;
}

/**
 * Creates a user (and any missing groups) through the real `IdentityService` and signs a real token for it.
 * Ids are unique per call unless given.
 */
export async function createUserWithToken(
  fixture: Pick<AuthFixture, 'identity' | 'tokens'>,
  overrides: { id?: string; name?: string; password?: string; groups?: string[] } = {},
): Promise<TestUser> {
  const id = overrides.id ?? `user-${Math.random().toString(36).slice(2, 10)}`;
  const name = overrides.name ?? '测试用户';
  const password = overrides.password ?? TEST_PASSWORD;
  await fixture.identity.createUser({ id, name, password });
  for (const groupId of overrides.groups ?? []) {
    if (!(await fixture.identity.getGroup(groupId))) await fixture.identity.createGroup({ id: groupId, name: groupId });
    await fixture.identity.addMembership(id, groupId);
  }
  const groupIds = await fixture.identity.groupIdsOf(id);
  const principal: Principal = { userId: id, groupIds };
  return { id, name, password, groupIds, token: fixture.tokens.sign(principal), principal };
}

/** The value of an `Authorization: Basic` header for `user` and `password`. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The value of an `Authorization: Bearer` header for `token`. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}
