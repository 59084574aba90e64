/** Template of 不予核发保安员证决定书 (`certificate-refusal`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, rightsNotice } from './common.js';

/** The text of a certificate refusal: the application, the reasons, the legal basis and the rights. */
export function certificateRefusalTemplate(data: DocumentData<'certificate-refusal'>): DocumentContent {
  return {
    title: '不予核发保安员证决定书',
    addressee: data.applicantName,
    blocks: [
      paragraph(
        `${data.applicantName}（公民身份号码：${data.idNumber}）于${bodyDate(data.receivedDate)}申领保安员证` +
          `（申请编号：${data.applicationNumber}），经考试、审查，存在下列情形：`,
      ),
      list(data.reasons),
      paragraph(`根据${data.legalBasis}的规定，本机关决定不予核发保安员证。`),
      rightsNotice(data, 'decision'),
    ],
  };
}
