/** The signed-in user, as the login answered it. */
export interface SessionUser {
  id: string;
  name: string;
  groups: string[];
  /** The password was set by an administrator: only 账号安全 opens until it is changed. */
  passwordChangeRequired?: boolean;
}

/** A signed-in session: the bearer token and its user. Kept in `sessionStorage`, so it ends with the browser tab. */
export interface Session {
  token: string;
  user: SessionUser;
}

const STORAGE_KEY = 'session';
const listeners = new Set<() => void>();
let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };
let expired = false;

/** The current session, or null when nobody is signed in. */
export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (raw !== cached.raw) cached = { raw, session: parse(raw) };
  return cached.session;
}

/** Starts a session (after a login). */
export function startSession(session: Session): void {
  expired = false;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  notify();
}

/** Ends the session: a logout, or (`expired`) a token the server no longer accepts. */
export function endSession(reason: 'logout' | 'expired' = 'logout'): void {
  if (!sessionStorage.getItem(STORAGE_KEY)) return;
  expired = reason === 'expired';
  sessionStorage.removeItem(STORAGE_KEY);
  notify();
}

/** Whether the last session ended because the server refused its token (rather than by a logout). */
export function sessionExpired(): boolean {
  return expired;
}

/** Calls `listener` whenever the session starts or ends; returns the function that stops it. */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// helpers ////

function notify(): void {
  for (const listener of listeners) listener();
}

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session> | null;
    return value && typeof value.token === 'string' && value.user ? (value as Session) : null;
  } catch {
    return null;
  }
}
