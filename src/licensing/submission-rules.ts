import type { ValidationIssue } from '../errors.js';
import type { SubmissionRules } from './application-service.js';
import { localDate } from './document-data.js';
import type { ProcedureKey } from './procedures.js';
import type { Regions } from './regions.js';
import { asRecords, asText } from './values.js';
import { localize } from '../language.js';

/** What the rules need to know besides the application. */
export interface SubmissionRulesDeps {
  regions: Regions;
  permitDecisionLevel: 'province' | 'city';
  /** The first day a cross-region filing may be made for a service starting on `serviceStartDate` (rule F3). */
  earliestCrossRegionFiling: (serviceStartDate: string) => string;
}

/** Registered capital (万元) an armed-escort company needs at least (保安服务管理条例 Art 10). */
export const ARMED_ESCORT_MIN_CAPITAL = 1000;

/** Days an in-house employer has to file after starting guard service (保安服务管理条例 Art 14). */
export const IN_HOUSE_FILING_DAYS = 30;

/**
 * The rules of each procedure that a form cannot express, checked on submission after the form: capital for
 * armed escort, distinct managers, the cross-region filing window, the entertainment-venue ban, a guard's age.
 * Also derives the process variables that route the case (decision group, on-site check, late filing).
 */
export function createSubmissionRules(deps: SubmissionRulesDeps): SubmissionRules {
  return (procedure: ProcedureKey, data: Record<string, unknown>, now: Date) => {
    const issues: ValidationIssue[] = [];
    const variables: Record<string, unknown> = {};
    const today = localDate(now);
    switch (procedure) {
      case 'security-company-permit': {
        if (data['armedEscort'] === true && Number(data['registeredCapital']) < ARMED_ESCORT_MIN_CAPITAL) {
          issues.push({ path: 'registeredCapital', message: localize(`must be at least ${ARMED_ESCORT_MIN_CAPITAL} (万元) for armed escort (保安服务管理条例第十条)`, `提供武装守护押运服务的，注册资本不得少于 ${ARMED_ESCORT_MIN_CAPITAL} 万元（保安服务管理条例第十条）`) });
        }
        const ids = asRecords(data['managers']).map((m) => asText(m['residentId']).toUpperCase());
        ids.forEach((id, i) => {
          if (ids.indexOf(id) !== i) issues.push({ path: `managers.${i}.residentId`, message: localize('names the same person twice', '与其他管理人员的公民身份号码重复') });
        });
        const city = deps.regions.cityOf(asText(data['regionCode']));
        variables['armedEscort'] = data['armedEscort'] === true;
        variables['alarmMonitoring'] = data['alarmMonitoring'] === true;
        variables['decisionGroup'] = deps.permitDecisionLevel === 'province' ? `permit-approver-${deps.regions.table.province.code}` : `permit-approver-${city?.code ?? ''}`;
        break;
      }
      case 'cross-region-service-filing': {
        const home = asText(data['homeRegionCode']);
        const service = asText(data['serviceRegionCode']);
        if (home.slice(0, 4) === service.slice(0, 4)) issues.push({ path: 'serviceRegionCode', message: localize("is in the company's own city; a cross-region filing is for service in another city", '服务地与公司所在地属同一设区的市；跨区域备案适用于在其他设区的市提供服务') });
        const start = asText(data['serviceStartDate']);
        const end = data['serviceEndDate'];
        if (typeof end === 'string' && end < start) issues.push({ path: 'serviceEndDate', message: localize('is before the service start date', '服务结束日期不得早于服务开始日期') });
        if (start && today < deps.earliestCrossRegionFiling(start)) {
          issues.push({ path: 'serviceStartDate', message: localize(`is more than 30 working days ahead; the filing can be made from ${deps.earliestCrossRegionFiling(start)} (公安机关实施保安服务管理条例办法第二十六条)`, `距服务开始日期超过 30 个工作日，自 ${deps.earliestCrossRegionFiling(start)} 起方可备案（公安机关实施保安服务管理条例办法第二十六条）`) });
        }
        const guards = Array.isArray(data['guards']) ? data['guards'].length : 0;
        if (Number(data['guardCount']) !== guards) issues.push({ path: 'guardCount', message: localize(`must equal the number of guards listed (${guards})`, `须与所列保安员人数（${guards} 人）一致`) });
        variables['lateFiling'] = start !== '' && today >= start;
        break;
      }
      case 'in-house-guard-filing': {
        if (data['unitType'] === 'entertainment') issues.push({ path: 'unitType', message: localize('entertainment venues may not employ their own guards; they must hire a security company (保安服务管理条例第十三条)', '娱乐场所不得自行招用保安员，应当聘用保安服务公司提供的保安员（保安服务管理条例第十三条）') });
        const start = asText(data['serviceStartDate']);
        variables['lateFiling'] = start !== '' && today > addDays(start, IN_HOUSE_FILING_DAYS);
        break;
      }
      case 'guard-certificate': {
        const id = asText(data['residentId']);
        const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
        const eighteenth = `${String(Number(id.slice(6, 10)) + 18)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
        if (/^\d{4}-\d{2}-\d{2}$/.test(birth) && today < eighteenth) issues.push({ path: 'residentId', message: localize('the applicant must be at least 18 years old (保安服务管理条例第十六条)', '申请人须年满 18 周岁（保安服务管理条例第十六条）') });
        break;
      }
    }
    return { issues, variables };
  };
}

// helpers ////

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
