import type { DataSource } from 'typeorm';
import { MembershipEntity } from '../identity/membership.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { isJurisdictionCode, levelOf, parentOf } from './jurisdiction-code.js';

/** The candidate groups of a case's user tasks: who investigates, who reviews legality, who decides. */
export interface CaseHandlingGroups {
  caseGroup: string;
  legalGroup: string;
  leaderGroup: string;
}

/**
 * Resolves candidate groups per jurisdiction: a matter at a place is handled by the nearest unit above it — its
 * police station's district (分局/县局) before its city (市局) — that has someone to do it, i.e. whose group
 * `<prefix><code>` has at least one enabled member. Without such a unit below the city, the city's group handles it,
 * as it did before district groups existed.
 */
export class HandlingGroups {
  constructor(private readonly dataSource: DataSource) {}

  /** The nearest group `<prefix><code>` with an enabled member, from `place` up to `cityCode`; `<prefix><cityCode>` otherwise. */
  async nearest(prefix: string, place: string, cityCode: string): Promise<string> {
    const [group] = await this.nearestEach([prefix], place, cityCode);
    return group as string;
  }

  /** Whether group `groupId` has at least one enabled member. */
  async staffed(groupId: string): Promise<boolean> {
    const rows = await this.dataSource.getRepository(MembershipEntity).createQueryBuilder('m')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id AND u.disabled = 0')
      .where('m.group_id = :groupId', { groupId })
      .limit(1).getRawMany();
    return rows.length > 0;
  }

  /** The groups of an administrative or criminal case at `place` in city `cityCode`. */
  async forCase(place: string, cityCode: string): Promise<CaseHandlingGroups> {
    const [caseGroup, legalGroup, leaderGroup] = await this.nearestEach(['case-', 'legal-', 'leader-'], place, cityCode);
    return { caseGroup: caseGroup as string, legalGroup: legalGroup as string, leaderGroup: leaderGroup as string };
  }

  private async nearestEach(prefixes: readonly string[], place: string, cityCode: string): Promise<string[]> {
    const units = unitsBelowCity(place, cityCode);
    const candidates = prefixes.flatMap((prefix) => units.map((unit) => `${prefix}${unit}`));
    const staffed = new Set<string>();
    if (candidates.length) {
      const rows = await this.dataSource.getRepository(MembershipEntity).createQueryBuilder('m')
        .select('DISTINCT m.group_id', 'groupId')
        .innerJoin(UserEntity, 'u', 'u.id = m.user_id AND u.disabled = 0')
        .where('m.group_id IN (:...candidates)', { candidates })
        .getRawMany<{ groupId: string }>();
      for (const row of rows) staffed.add(row.groupId);
    }
    return prefixes.map((prefix) => units.map((unit) => `${prefix}${unit}`).find((g) => staffed.has(g)) ?? `${prefix}${cityCode}`);
  }
}

/** The units from `place` (a station or district) up to, but not including, city `cityCode`, nearest first. */
function unitsBelowCity(place: string, cityCode: string): string[] {
  const units: string[] = [];
  for (let code: string | null = isJurisdictionCode(place) ? place : null; code && code !== cityCode && levelOf(code) !== 'city' && levelOf(code) !== 'province'; code = parentOf(code)) {
    units.push(code);
  }
  return units;
}
