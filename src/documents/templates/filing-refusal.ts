/** Template of 不予备案通知书 (`filing-refusal`). */
import type { DocumentContent } from '../document-content.js';
import { FILING_KIND_LABELS, type DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, partyWithCode, rightsNotice } from './common.js';

/** The text of a filing refusal: the filing, the reasons, the legal basis, what to do, and the rights. */
export function filingRefusalTemplate(data: DocumentData<'filing-refusal'>): DocumentContent {
  return {
    title: '不予备案通知书',
    addressee: data.filerName,
    blocks: [
      paragraph(
        `${partyWithCode(data.filerName, data.creditCode)}于${bodyDate(data.submittedDate)}提交的` +
          `${FILING_KIND_LABELS[data.filingKind]}材料（备案编号：${data.filingNumber}），经审查，存在下列情形：`,
      ),
      list(data.reasons),
      paragraph(`根据${data.legalBasis}的规定，本机关决定不予备案。请依法改正后重新办理备案。`),
      rightsNotice(data, 'notice'),
    ],
  };
}
