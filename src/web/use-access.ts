import { useEffect, useState } from 'react';
import { get } from './api';
import { currentSession } from './session';
import { useSession } from './use-session';

/** A role of the server's permission table (`src/jurisdiction/roles.ts`). */
export type Role =
  | 'applicant' | 'station-officer' | 'intake-officer' | 'permit-reviewer' | 'case-officer' | 'legal-officer' | 'leader'
  | 'process-manager' | 'engine-operator' | 'auditor' | 'administrator' | 'worker';

/** A permission of the server's permission table. */
export type Permission =
  | 'workbench' | 'application.read' | 'certificate.revoke' | 'tip.read' | 'tip.identity.read' | 'tip.intake'
  | 'inspection.read' | 'inspection.start' | 'case.read' | 'case.open' | 'case.approve' | 'supervision.read'
  | 'process.manage' | 'audit.read' | 'user.manage' | 'records.manage' | 'calendar.manage' | 'incident.manage' | 'engine-rest';

/** One role of the signed-in user (`GET /api/me/roles`): where it holds, the group giving it, its name and permissions. */
export interface RoleGrant {
  role: Role;
  scope: string;
  group: string;
  name: string;
  permissions: Permission[];
}

/** What the signed-in user may do: the roles and the permissions they give (any jurisdiction). */
export interface Access {
  grants: RoleGrant[];
  roles: ReadonlySet<Role>;
  permissions: ReadonlySet<Permission>;
}

const cache = new Map<string, Promise<Access>>();

/** The signed-in user's access, asked of the server once per session; null while it is being read, or without a session. */
export function useAccess(): Access | null {
  const session = useSession();
  const [access, setAccess] = useState<{ token: string; access: Access } | null>(null);
  useEffect(() => {
    if (!session) return;
    let current = true;
    accessOf(session.token).then((a) => current && setAccess({ token: session.token, access: a }), () => current && setAccess(null));
    return () => {
      current = false;
    };
  }, [session]);
  return session && access?.token === session.token ? access.access : null;
}

/** The access of the session holding `token` (cached for that token). */
function accessOf(token: string): Promise<Access> {
  let pending = cache.get(token);
  if (!pending) {
    pending = get<RoleGrant[]>('/api/me/roles').then((grants) => ({
      grants,
      roles: new Set(grants.map((g) => g.role)),
      permissions: new Set(grants.flatMap((g) => g.permissions)),
    }));
    pending.catch(() => cache.delete(token));
    cache.clear();
    cache.set(token, pending);
  }
  return pending;
}

/** Whether the current session is that of a company (申请单位) rather than of an officer, manager or administrator. */
export function isApplicantSession(access: Access): boolean {
  return access.roles.has('applicant') && access.roles.size === 1;
}

/** Forgets what was read of the current session's access (after the user's roles change). */
export function forgetAccess(): void {
  const session = currentSession();
  if (session) cache.delete(session.token);
}
