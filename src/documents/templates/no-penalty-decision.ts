/** Template of 不予行政处罚决定书 (`no-penalty-decision`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph, rightsNotice } from './common.js';

/** The text of a decision not to penalise: the facts, the reasons and the legal basis, and the rights. */
export function noPenaltyDecisionTemplate(data: DocumentData<'no-penalty-decision'>): DocumentContent {
  const party = data.partyIdentifier ? `${data.partyName}（${data.partyIdentifier}）` : data.partyName;
  return {
    title: '不予行政处罚决定书',
    addressee: data.partyName,
    blocks: [
      paragraph(`当事人：${party}。案件编号：${data.caseNumber}。`),
      paragraph('经查：'),
      list(data.facts),
      paragraph('本机关认为：'),
      list(data.reasons),
      paragraph(`根据${data.legalBasis}的规定，决定不予行政处罚。`),
      rightsNotice(data, 'decision'),
    ],
  };
}
