import type { TokenService } from '../auth/tokens.js';
import type { EngineClient } from './engine-client.js';

/**
 * The embedded engine as the caller of an `/api` request: given the request's `Authorization: Bearer` header (already
 * verified by `/api`), a client that calls `/engine-rest` with a short-lived delegation token for the same user, so
 * that the engine's history names the officer while officers' own tokens stay out of the engine API. Without a
 * bearer header the service account's client is returned. Throws `UnauthenticatedError` for a token that no longer
 * verifies.
 */
export function engineAsCaller(client: EngineClient, tokens: Pick<TokenService, 'verify' | 'signDelegation'>): (authorization: string) => EngineClient {
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match) return client;
    const principal = tokens.verify(match[1] as string);
    return client.as(`Bearer ${tokens.signDelegation(principal)}`);
  };
}
