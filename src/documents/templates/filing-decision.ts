/** Template of 立案决定书 (`filing-decision`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph } from './common.js';

/** The text of a decision to file a criminal case: the facts and the legal basis. */
export function filingDecisionTemplate(data: DocumentData<'filing-decision'>): DocumentContent {
  return {
    title: '立案决定书',
    blocks: [
      paragraph(`根据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定对${data.suspectName}涉嫌犯罪一案立案侦查（案件编号：${data.caseNumber}）。`),
      paragraph('经审查：'),
      list(data.facts),
    ],
  };
}
