import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, fieldIssues, problemText } from '../api';
import type { Role } from '../use-access';
import { jurisdictionTree, roleTable, type JurisdictionNode, type RoleDefinition } from './admin-api';
import './admin.css';

/** What was read from the server: the value, or the error that kept it, and how to read it again. */
export interface Loaded<T> {
  value: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Reads `load()` when the component mounts (and on `reload`), with the error message when it fails. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; error: string | null; loading: boolean }>({ value: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => current && setState({ value, error: null, loading: false }),
      (e: unknown) => current && setState({ value: null, error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [round]); // `load` is read again on each round only
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** The permission table, read once per page. */
export function useRoleTable(): Loaded<RoleDefinition[]> {
  return useLoaded(roleTable);
}

/** The jurisdiction tree, read once per page. */
export function useJurisdictionTree(): Loaded<JurisdictionNode[]> {
  return useLoaded(jurisdictionTree);
}

/** The name of every unit of `tree`, by code. */
export function unitNames(tree: readonly JurisdictionNode[] | null): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (nodes: readonly JurisdictionNode[]) => {
    for (const node of nodes) {
      names.set(node.code, node.name);
      walk(node.children);
    }
  };
  walk(tree ?? []);
  return names;
}

/** What a group id means in the permission table: the role, the group prefix (or global group) and the jurisdiction. */
export interface GroupMeaning {
  role: RoleDefinition;
  /** The prefix (`permit-reviewer-`), or the global group id itself (`admin`). */
  kind: string;
  /** The jurisdiction code, or `*` for a global group. */
  scope: string;
}

/** The shape of a jurisdiction code (`JURISDICTION_CODE` of `src/jurisdiction/jurisdiction-code.ts`). */
const JURISDICTION_CODE = /^\d{6}(-[a-z0-9]{1,24})?$/;

/** The roles group `id` gives, as the server reads it (`grantsOf` of `src/jurisdiction/roles.ts`); empty for an unknown group. */
export function meaningsOf(id: string, table: readonly RoleDefinition[]): GroupMeaning[] {
  const found: GroupMeaning[] = [];
  for (const role of table) {
    if (role.globalGroups.includes(id)) found.push({ role, kind: id, scope: '*' });
    const prefix = role.groupPrefixes.find((p) => id.startsWith(p));
    if (prefix && JURISDICTION_CODE.test(id.slice(prefix.length))) found.push({ role, kind: prefix, scope: id.slice(prefix.length) });
  }
  return found;
}

/** The name of `role` in the current language: the permission table's Chinese name, or the catalogue's translation. */
export function roleName(t: TFunction, role: Role, table: readonly RoleDefinition[] | null): string {
  const chinese = table?.find((r) => r.role === role)?.name ?? role;
  return t(`admin.roleName.${role}`, { defaultValue: chinese });
}

/** A jurisdiction as people read it: its name and code, or 全辖 for `*`. */
export function scopeLabel(t: TFunction, scope: string, names: ReadonlyMap<string, string>): string {
  if (scope === '*') return t('admin.scope.all');
  const name = names.get(scope);
  return name ? `${name}（${scope}）` : scope;
}

/** The message of an error for people: the network notice, or the text of its code with the server's message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.status === 0) return t('error.network');
  return error instanceof Error ? problemText(error, t) : t('error.unknown');
}

/**
 * Puts the server's field problems of `error` beside the fields of `form` that `fields` names (the first segment
 * of each issue's path); returns the messages of the problems no field shows, and the error's message when it had none.
 */
export function placeFieldErrors(form: FormInstance, error: unknown, fields: readonly string[], t: TFunction): string[] {
  const issues = fieldIssues(error);
  const placed = issues.filter((i) => fields.includes(i.path.split('.')[0] ?? ''));
  if (placed.length) {
    const byField = new Map<string, string[]>();
    for (const issue of placed) {
      const field = issue.path.split('.')[0] as string;
      byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  }
  const rest = issues.filter((i) => !placed.includes(i)).map((i) => `${i.path}: ${i.message}`);
  return placed.length === 0 && rest.length === 0 ? [errorText(t, error)] : rest;
}
