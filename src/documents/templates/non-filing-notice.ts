/** Template of 不予立案通知书 (`non-filing-notice`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph } from './common.js';

/** The text of a notice to the accuser that no case is filed, with the reasons and the right to reconsideration within 7 days. */
export function nonFilingNoticeTemplate(data: DocumentData<'non-filing-notice'>): DocumentContent {
  return {
    title: '不予立案通知书',
    addressee: data.accuserName,
    blocks: [
      paragraph(`你（单位）控告的${data.suspectName}涉嫌犯罪一案（案件编号：${data.caseNumber}），经审查，本机关认为：`),
      list(data.reasons),
      paragraph('根据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定不予立案。'),
      paragraph('如不服本决定，可以在收到本通知书之日起七日内向本机关申请复议（《公安机关办理刑事案件程序规定》第一百七十九条）。'),
    ],
  };
}
