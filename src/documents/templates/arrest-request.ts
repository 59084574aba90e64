/** Template of 提请批准逮捕书 (`arrest-request`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph } from './common.js';

/** The text of a request to the procuratorate to approve an arrest: the suspect, the detention and the facts. */
export function arrestRequestTemplate(data: DocumentData<'arrest-request'>): DocumentContent {
  const suspect = data.suspectResidentId ? `${data.suspectName}（公民身份号码：${data.suspectResidentId}）` : data.suspectName;
  return {
    title: '提请批准逮捕书',
    addressee: data.procuratorate,
    blocks: [
      paragraph(`犯罪嫌疑人${suspect}，因涉嫌犯罪于${bodyDate(data.detainedOn)}被本机关刑事拘留（案件编号：${data.caseNumber}）。`),
      paragraph('经依法侦查查明：'),
      list(data.facts),
      paragraph('根据《中华人民共和国刑事诉讼法》第八十一条、第八十七条之规定，特提请批准逮捕。'),
    ],
  };
}
