import type { Principal } from '../auth/tokens.js';
import { can } from '../jurisdiction/index.js';
import type { Regions } from '../licensing/regions.js';

/**
 * Whether the caller handles cases in the jurisdiction of `regionCode`: a case officer, legal officer or leader of
 * that district, its city or the province.
 */
export function isCaseOfficerOf(regions: Regions, principal: Principal, regionCode: string): boolean {
  return regions.cityOf(regionCode) !== null && can(principal, 'case.read', regionCode);
}
