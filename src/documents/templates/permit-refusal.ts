/** Template of 不予行政许可决定书 (`permit-refusal`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, partyWithCode, rightsNotice } from './common.js';

/** The text of a permit refusal: the application, the reasons, the legal basis and the rights. */
export function permitRefusalTemplate(data: DocumentData<'permit-refusal'>): DocumentContent {
  return {
    title: '不予行政许可决定书',
    addressee: data.applicantName,
    blocks: [
      paragraph(
        `${partyWithCode(data.applicantName, data.creditCode)}于${bodyDate(data.receivedDate)}提出的${data.matter}申请` +
          `（申请编号：${data.applicationNumber}），经审查，不符合法定条件，理由如下：`,
      ),
      list(data.reasons),
      paragraph(`根据${data.legalBasis}的规定，本机关决定不予行政许可。`),
      rightsNotice(data, 'decision'),
    ],
  };
}
