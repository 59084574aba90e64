import { useSyncExternalStore } from 'react';
import { currentSession, onSessionChange, type Session } from './session';

/** The current session; the component renders again when it starts or ends. */
export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, currentSession);
}
