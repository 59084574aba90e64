import type { Principal } from '../auth/tokens.js';
import type { Regions } from '../licensing/regions.js';

/** Whether the caller is a case officer, legal officer or leader of the city of `regionCode`, who handle its cases. */
export function isCaseOfficerOf(regions: Regions, principal: Principal, regionCode: string): boolean {
  const city = regions.cityOf(regionCode)?.code ?? '';
  return ['case-', 'legal-', 'leader-'].some((p) => principal.groupIds.includes(`${p}${city}`));
}
