/** The penalty articles of the security services regulation that administrative cases cite (domain.md §5.2). */

import { localize } from '../language.js';

/** One violation and what the law attaches to it. */
export interface PenaltyArticle {
  id: string;
  /** The legal basis as cited in decisions. */
  basis: string;
  violation: string;
  sanction: string;
  /** Fine range in yuan for serious circumstances, where the article sets one. */
  fine?: { min: number; max: number };
}

/** The catalogue, by id; the ids are the values of the `violationId` field of the case forms. */
export const PENALTY_CATALOGUE: Readonly<Record<string, PenaltyArticle>> = Object.fromEntries(
  [
    { id: 'art41', basis: '《保安服务管理条例》第四十一条；《中华人民共和国治安管理处罚法》第五十四条第一款第（三）项', violation: '未经许可擅自从事保安服务', sanction: '依法给予治安管理处罚，没收违法所得；予以取缔' },
    { id: 'art42-1', basis: '《保安服务管理条例》第四十二条第一款第（一）项', violation: '保安服务公司法定代表人变更未经公安机关审核', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款；有违法所得的，没收违法所得', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-2', basis: '《保安服务管理条例》第四十二条第一款第（二）项', violation: '未按照规定进行备案或者撤销备案', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款；有违法所得的，没收违法所得', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-3', basis: '《保安服务管理条例》第四十二条第一款第（三）项', violation: '自行招用保安员的单位在本单位以外或者物业管理区域以外提供保安服务', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-4', basis: '《保安服务管理条例》第四十二条第一款第（四）项', violation: '招用不符合规定条件的人员担任保安员', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-5', basis: '《保安服务管理条例》第四十二条第一款第（五）项', violation: '未核查客户单位保安服务要求的合法性或者未报告违法要求', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-6', basis: '《保安服务管理条例》第四十二条第一款第（六）项', violation: '未按照规定签订、留存保安服务合同', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-7', basis: '《保安服务管理条例》第四十二条第一款第（七）项', violation: '未按照规定留存保安服务中形成的监控影像资料、报警记录', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art43', basis: '《保安服务管理条例》第四十三条', violation: '泄露在保安服务中获知的秘密、删改或者扩散监控影像资料、指使纵容保安员阻碍执行公务等', sanction: '责令限期改正，处2万元以上10万元以下的罚款；违反治安管理的，依法给予治安管理处罚', fine: { min: 20_000, max: 100_000 } },
    { id: 'art47', basis: '《保安服务管理条例》第四十七条', violation: '保安培训单位未按规定备案、不符合条件或者未按大纲培训', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
  ].map((a): [string, PenaltyArticle] => [a.id, a]),
);

/** Fines from which a hearing must be offered: units 10 000 yuan, persons 2 000 yuan (公安机关办理行政案件程序规定第一百二十三条). */
export const HEARING_THRESHOLDS = { unit: 10_000, person: 2_000 } as const;

/** The grounds on which a penalty must be mitigated (应当从轻或者减轻行政处罚), 《中华人民共和国行政处罚法》第三十二条, by form value. */
export const MITIGATION_GROUNDS: Readonly<Record<string, { clause: string; text: string }>> = {
  'art32-1': { clause: '第（一）项', text: '主动消除或者减轻违法行为危害后果的' },
  'art32-2': { clause: '第（二）项', text: '受他人胁迫或者诱骗实施违法行为的' },
  'art32-3': { clause: '第（三）项', text: '主动供述行政机关尚未掌握的违法行为的' },
  'art32-4': { clause: '第（四）项', text: '配合行政机关查处违法行为有立功表现的' },
  'art32-5': { clause: '第（五）项', text: '法律、法规、规章规定其他应当从轻或者减轻行政处罚的' },
};

/** A fine as proposed or decided, with the mitigation stated for it, and the names of the fields it came in. */
export interface FineToCheck {
  violationId: string | undefined;
  fine: number | undefined;
  mitigated: boolean;
  mitigationGround: string | undefined;
  fields: { fine: string; mitigated: string; mitigationGround: string };
}

/** One problem with a fine, naming the field at fault. */
export interface FineIssue {
  path: string;
  message: string;
}

/**
 * What is wrong with a fine under the article's range (empty when nothing is): above the maximum it is refused;
 * below the minimum it stands only as a mitigated penalty (减轻处罚) on a ground of 行政处罚法第三十二条. Articles
 * without a range, and no fine at all, are not checked.
 */
export function fineIssues(check: FineToCheck): FineIssue[] {
  const range = PENALTY_CATALOGUE[check.violationId ?? '']?.fine;
  if (!range || check.fine === undefined || check.fine <= 0) return [];
  const { fields } = check;
  if (check.fine > range.max) {
    return [{ path: fields.fine, message: localize(`is above the maximum of ${range.max} yuan that the article allows; a fine may not exceed it`, `超过该条款规定的罚款上限 ${range.max} 元，罚款不得超过上限`) }];
  }
  if (check.fine >= range.min) return [];
  if (!check.mitigated) {
    return [{ path: fields.mitigated, message: localize(`must be stated: a fine below the article's minimum of ${range.min} yuan is a mitigated penalty (减轻处罚, 行政处罚法第三十二条)`, `罚款低于该条款规定的下限 ${range.min} 元，属减轻处罚（行政处罚法第三十二条），须予注明`) }];
  }
  if (!MITIGATION_GROUNDS[check.mitigationGround ?? '']) {
    return [{ path: fields.mitigationGround, message: localize(`must name the ground of 行政处罚法第三十二条 on which the fine goes below the minimum of ${range.min} yuan`, `须写明罚款低于下限 ${range.min} 元所依据的行政处罚法第三十二条情形`) }];
  }
  return [];
}

/** The sentence a penalty decision states its mitigation with, e.g. `当事人有主动消除或者减轻违法行为危害后果的情形，依据…第三十二条第（一）项的规定，依法减轻处罚。`. */
export function mitigationStatement(ground: string): string | undefined {
  const found = MITIGATION_GROUNDS[ground];
  return found ? `当事人有${found.text}情形，依据《中华人民共和国行政处罚法》第三十二条${found.clause}的规定，依法减轻处罚。` : undefined;
}
