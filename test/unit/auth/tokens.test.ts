import jwt from 'jsonwebtoken';
import { DELEGATION_TOKEN_SECONDS, TOKEN_ISSUER, TokenService } from '../../../src/auth/tokens.js';
import { UnauthenticatedError } from '../../../src/errors.js';

const SECRET = 's'.repeat(40);
const reviewer = { userId: 'reviewer-gz', groupIds: ['filing-reviewer-440100'] };

describe('TokenService', () => {
  let now: number;
  let tokens: TokenService;

  beforeEach(() => {
    now = Date.UTC(2026, 8, 1, 2, 0, 0);
    tokens = new TokenService({ secret: SECRET, expiresInSeconds: 8 * 3600, clock: () => now });
  });

  it('verifies its own login tokens on /api and on /engine-rest, as the signed principal', () => {
    const token = tokens.sign(reviewer);

    expect(tokens.verify(token)).toEqual(reviewer);
    expect(tokens.verifyForEngine(token)).toEqual({ principal: reviewer, session: expect.any(Object), delegated: false });
  });

  it('gives every token its own id, the account\'s token generation and its expiry, for ending sessions', () => {
    const first = tokens.verifySession(tokens.sign(reviewer));
    const second = tokens.verifySession(tokens.sign(reviewer, 3));

    expect(first).toEqual({ principal: reviewer, session: { tokenId: expect.stringMatching(/^[\w-]{22}$/), generation: 0, expiresAt: new Date(now + 8 * 3600 * 1000) } });
    expect(second.session.generation).toBe(3);
    expect(second.session.tokenId).not.toBe(first.session.tokenId);
  });

  it('refuses a correctly signed token without an id: it could not be ended by a logout', () => {
    const anonymous = jwt.sign({ groups: [] }, SECRET, { algorithm: 'HS256', issuer: TOKEN_ISSUER, subject: 'reviewer-gz', expiresIn: 60 });

    expect(() => tokens.verify(anonymous)).toThrow(UnauthenticatedError);
  });

  it('signs delegation tokens that only /engine-rest accepts, and marks them as delegated', () => {
    const delegation = tokens.signDelegation(reviewer);

    expect(tokens.verifyForEngine(delegation)).toEqual({ principal: reviewer, session: expect.any(Object), delegated: true });
    expect(() => tokens.verify(delegation)).toThrow(UnauthenticatedError);
  });

  it('lets a delegation token live five minutes, not a working day', () => {
    const delegation = tokens.signDelegation(reviewer);

    now += (DELEGATION_TOKEN_SECONDS - 1) * 1000;
    expect(tokens.verifyForEngine(delegation).delegated).toBe(true);
    now += 2000;
    expect(() => tokens.verifyForEngine(delegation)).toThrow(UnauthenticatedError);
  });

  it('refuses a correctly signed token meant for another audience', () => {
    const foreign = jwt.sign({ groups: ['admin'] }, SECRET, { algorithm: 'HS256', issuer: TOKEN_ISSUER, subject: 'reviewer-gz', audience: 'some-other-service', expiresIn: 60 });

    expect(() => tokens.verify(foreign)).toThrow(UnauthenticatedError);
    expect(() => tokens.verifyForEngine(foreign)).toThrow(UnauthenticatedError);
  });
});
