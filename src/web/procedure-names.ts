import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { get } from './api';
import { currentSession } from './session';
import { placeName, useRegions } from './use-regions';

/** The status of a procedure as the case file names it (立案审查, 调查取证); the status itself when no name is known. */
export function statusName(kind: string | null | undefined, status: string, t: TFunction): string {
  return kind ? t(`caseFile.status.${kind}.${status}`, { defaultValue: status }) : status;
}

/** A unit of the jurisdiction tree as `GET /api/jurisdictions` answers it. */
interface TreeNode {
  code: string;
  name: string;
  children: TreeNode[];
}

/** The names of the units of the signed-in user's part of the jurisdiction tree, read once per user and page load. */
let loaded: { userId: string; names: Promise<ReadonlyMap<string, string>> } | null = null;

function namesOf(userId: string): Promise<ReadonlyMap<string, string>> {
  if (loaded?.userId !== userId) {
    const names = get<TreeNode[]>('/api/jurisdictions').then(
      (tree) => {
        const map = new Map<string, string>();
        const visit = (node: TreeNode) => {
          map.set(node.code, node.name);
          node.children.forEach(visit);
        };
        tree.forEach(visit);
        return map;
      },
      // a company or a complainant reads no tree: codes fall back to the public table of cities
      () => new Map<string, string>(),
    );
    loaded = { userId, names };
  }
  return loaded.names;
}

/**
 * Names a jurisdiction code for people (天河区, 石牌派出所): from the user's part of the jurisdiction tree, else the
 * city it lies in with the code (`广州市（440106）`), else the code; '—' for none.
 */
export function useJurisdictionName(): (code: string | null | undefined) => string {
  const { regions } = useRegions();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const userId = currentSession()?.user.id;
  useEffect(() => {
    if (!userId) return undefined;
    let current = true;
    void namesOf(userId).then((found) => current && setNames(found));
    return () => {
      current = false;
    };
  }, [userId]);
  return (code) => (!code ? '—' : names.get(code) ?? placeName(regions, code));
}

/**
 * The groups of a unit of a jurisdiction, `<prefix><jurisdiction code>` with a prefix of the permission table
 * (`src/jurisdiction/roles.ts`): the units that verify tips and inspect (`station-`, `squad-`), tip intake, the
 * licensing reviewers and approvers, case and legal officers, leaders.
 */
const UNIT_GROUP = /^(station|squad|tip-intake|permit-reviewer|permit-approver|filing-reviewer|guard-reviewer|case|legal|leader)-(\d{6}(?:-[a-z0-9]{1,24})?)$/;

/**
 * Names the group of a unit for people: `station-440106` → 天河区 · 派出所, `case-440100` → 广州市 · 办案部门 (its place
 * as {@link useJurisdictionName} names it); any other group id as it is.
 */
export function useUnitGroupName(t: TFunction): (groupId: string | null | undefined) => string {
  const jurisdictionName = useJurisdictionName();
  return (groupId) => {
    if (!groupId) return '—';
    const match = UNIT_GROUP.exec(groupId);
    return match ? `${jurisdictionName(match[2])} · ${t(`unitGroup.${match[1]}`)}` : groupId;
  };
}
