import type { DocumentType } from '../documents/index.js';
import { ValidationError } from '../errors.js';
import type { ApplicationEntity } from './application.entity.js';
import { PROCEDURES, type ProcedureKey } from './procedures.js';
import { asText } from './values.js';
import { localize } from '../language.js';

/** Labels of the service types (保安服务管理条例 Art 2), by the values the application forms use. */
export const SERVICE_LABELS: Readonly<Record<string, string>> = {
  'door-guarding': '门卫', patrol: '巡逻', guarding: '守护', escort: '押运', bodyguard: '随身护卫',
  'security-check': '安全检查', 'technical-prevention': '安全技术防范', 'risk-assessment': '安全风险评估',
};

/** Everything a document may draw on besides the application itself. */
export interface DocumentFacts {
  /** Process variables of the procedure (decisions, reasons, numbers, due dates). */
  variables: Record<string, unknown>;
  /** Labels of the documents the applicant supplied. */
  suppliedDocuments: string[];
  /** Checklist items still missing. */
  missingDocuments: Array<{ kind: string; label: string }>;
  /** Who hears an administrative reconsideration, e.g. `广州市人民政府`. */
  reconsiderationAuthority: string;
  today: Date;
}

/**
 * The data of a document of `type` for an application, taken from the application form's values and the
 * procedure's variables. Throws a `ValidationError` naming what is missing when the procedure has not
 * produced it (e.g. a refusal without a reason).
 */
export function documentData(type: DocumentType, app: ApplicationEntity, facts: DocumentFacts): Record<string, unknown> {
  const data = JSON.parse(app.data) as Record<string, unknown>;
  const v = facts.variables;
  const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
  const received = localDate(app.submittedAt ?? app.createdAt);
  const common = { applicantName: app.title, applicationNumber: app.number ?? app.id, matter: procedure?.name ?? app.procedureKey, receivedDate: received };
  const credit = typeof data['creditCode'] === 'string' ? { creditCode: data['creditCode'] } : {};
  const rights = { reconsiderationAuthority: facts.reconsiderationAuthority };
  switch (type) {
    case 'acceptance-notice':
      return { ...common, ...credit, materials: facts.suppliedDocuments.length ? facts.suppliedDocuments : undefined };
    case 'non-acceptance-notice':
      return { ...common, ...credit, reasons: [text(v, 'acceptanceReason')], legalBasis: '《中华人民共和国行政许可法》第三十二条第一款', ...rights };
    case 'correction-notice': {
      const due = v['correctionDueAt'];
      return {
        ...common, ...credit,
        items: correctionItems(v, facts.missingDocuments),
        ...(app.procedureKey === 'cross-region-service-filing' ? { legalBasis: '《保安服务管理条例》第二十三条；《公安机关实施保安服务管理条例办法》第二十六条' } : {}),
        ...(app.procedureKey === 'in-house-guard-filing' ? { legalBasis: '《保安服务管理条例》第十四条' } : {}),
        ...(due ? { correctionDueDate: localDate(new Date(due as string)) } : {}),
      };
    }
    case 'permit-decision':
      return {
        ...common, ...credit, legalRepresentative: personName(data['legalRepresentative']), address: asText(data['address']),
        registeredCapitalYuan: Math.round(Number(data['registeredCapital']) * 10_000), serviceScope: serviceScope(data),
        legalBasis: '《保安服务管理条例》第八条、第九条', permitNumber: text(v, 'permitNumber'),
      };
    case 'security-service-permit':
      return {
        permitNumber: text(v, 'permitNumber'), companyName: app.title, ...credit, legalRepresentative: personName(data['legalRepresentative']),
        address: asText(data['address']), registeredCapitalYuan: Math.round(Number(data['registeredCapital']) * 10_000), serviceScope: serviceScope(data),
      };
    case 'permit-refusal':
      return { ...common, ...credit, reasons: [text(v, 'decisionReason')], legalBasis: '《保安服务管理条例》第八条、第九条；《中华人民共和国行政许可法》第三十八条', ...rights };
    case 'filing-receipt':
      return app.procedureKey === 'cross-region-service-filing'
        ? {
            filingKind: 'cross-region-service', filerName: app.title, creditCode: asText(data['creditCode']), filingNumber: common.applicationNumber,
            submittedDate: received, filedDate: localDate(facts.today), permitNumber: asText(data['permitNumber']), clientName: asText(data['clientName']),
            serviceAddress: asText(data['serviceAddress']), serviceItems: serviceScope(data), serviceStartDate: asText(data['serviceStartDate']),
            ...(data['serviceEndDate'] ? { serviceEndDate: asText(data['serviceEndDate']) } : {}),
            projectManager: personName(data['projectManager']), guardCount: Number(data['guardCount']),
          }
        : {
            filingKind: 'in-house-employer', filerName: app.title, creditCode: asText(data['creditCode']), filingNumber: common.applicationNumber,
            submittedDate: received, filedDate: localDate(facts.today), legalRepresentative: asText(data['legalRepresentative']),
            responsibleManager: personName(data['responsibleManager']), serviceArea: asText(data['serviceArea']),
            serviceStartDate: asText(data['serviceStartDate']), guardCount: Array.isArray(data['guards']) ? data['guards'].length : 0,
          };
    case 'filing-refusal':
      return {
        filingKind: app.procedureKey === 'cross-region-service-filing' ? 'cross-region-service' : 'in-house-employer', filerName: app.title,
        creditCode: asText(data['creditCode']), filingNumber: common.applicationNumber, submittedDate: received, reasons: [text(v, 'filingReason')],
        legalBasis: app.procedureKey === 'cross-region-service-filing' ? '《保安服务管理条例》第二十三条' : '《保安服务管理条例》第十三条、第十四条', ...rights,
      };
    case 'guard-certificate': {
      const id = asText(data['residentId']).toUpperCase();
      return {
        certificateNumber: text(v, 'certificateNumber'), holderName: app.title, idNumber: id,
        sex: Number(id.charAt(16)) % 2 === 1 ? '男' : '女', dateOfBirth: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      };
    }
    case 'certificate-refusal':
      return {
        applicantName: app.title, idNumber: asText(data['residentId']).toUpperCase(), applicationNumber: common.applicationNumber, receivedDate: received,
        reasons: [certificateRefusalReason(v)], legalBasis: '《保安服务管理条例》第十六条、第十七条', ...rights,
      };
    case 'rectification-order':
    case 'penalty-prior-notice':
    case 'penalty-decision':
    case 'no-penalty-decision':
    case 'filing-decision':
    case 'non-filing-notice':
    case 'arrest-request':
    case 'case-acceptance-receipt':
    case 'prosecution-recommendation':
    case 'withdrawal-decision':
      throw new ValidationError('A rectification order is issued for an inspection, not an application', [{ path: 'documentType', message: localize('is not a document of an application', '不是许可申请的文书') }]);
    case 'certificate-revocation':
      return {
        holderName: app.title, idNumber: asText(data['residentId']).toUpperCase(), certificateNumber: text(v, 'certificateNumber'),
        facts: [text(v, 'revocationFacts')], ...(typeof v['statementOfDefence'] === 'string' && v['statementOfDefence'].trim() ? { hearingStatement: v['statementOfDefence'] } : {}),
        legalBasis: '《保安服务管理条例》第三十条、第四十五条', ...rights,
      };
  }
}

/** The calendar date of an instant in China Standard Time, `YYYY-MM-DD`. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

// helpers ////

function text(v: Record<string, unknown>, name: string): string {
  const value = v[name];
  if (typeof value !== 'string' || !value.trim()) throw new ValidationError(`The procedure has no ${name} for this document`, [{ path: name, message: localize('is missing', '缺少该项内容') }]);
  return value.trim();
}

function personName(value: unknown): string {
  return value && typeof value === 'object' ? asText((value as Record<string, unknown>)['name']) : '';
}

function serviceScope(data: Record<string, unknown>): string[] {
  const services = Array.isArray(data['services']) ? (data['services'] as unknown[]).map((s) => SERVICE_LABELS[String(s)] ?? String(s)) : [];
  if (data['armedEscort'] === true) services.push('武装守护押运');
  return services;
}

function correctionItems(v: Record<string, unknown>, missing: Array<{ label: string }>): Array<{ material: string; problem: string }> {
  const items: Array<{ material: string; problem: string }> = [];
  const lines = typeof v['correctionItems'] === 'string' ? v['correctionItems'].split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : [];
  for (const line of lines) {
    const m = /^([^：:]{1,200})[：:](.+)$/.exec(line);
    items.push(m ? { material: (m[1] as string).trim(), problem: (m[2] as string).trim() } : { material: '申请材料', problem: line });
  }
  for (const doc of missing) {
    if (!items.some((i) => i.material === doc.label)) items.push({ material: doc.label, problem: '未提交' });
  }
  if (items.length === 0) throw new ValidationError('A correction notice needs at least one item', [{ path: 'correctionItems', message: localize('is missing', '须至少列明一项补正内容') }]);
  return items;
}

function certificateRefusalReason(v: Record<string, unknown>): string {
  if (v['eligibilityDecision'] === 'ineligible') return text(v, 'eligibilityReason');
  if (v['examPassed'] === false) return `保安员资格考试成绩${asText(v['examScore'])}分，未达到合格分数，且无补考机会。`;
  return text(v, 'certificateReason');
}
