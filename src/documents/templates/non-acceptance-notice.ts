/** Template of 不予受理通知书 (`non-acceptance-notice`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, partyWithCode, rightsNotice } from './common.js';

/** The text of a non-acceptance notice: the application, why it is not accepted, where to apply, and the rights. */
export function nonAcceptanceNoticeTemplate(data: DocumentData<'non-acceptance-notice'>): DocumentContent {
  const blocks = [
    paragraph(
      `${partyWithCode(data.applicantName, data.creditCode)}于${bodyDate(data.receivedDate)}提出的${data.matter}申请` +
        `（申请编号：${data.applicationNumber}），经审查，存在下列情形：`,
    ),
    list(data.reasons),
    paragraph(`根据${data.legalBasis}的规定，本机关决定不予受理。`),
  ];
  if (data.competentAuthority !== undefined) {
    blocks.push(paragraph(`该申请事项依法不属于本机关职权范围，请向${data.competentAuthority}提出申请。`));
  }
  blocks.push(rightsNotice(data, 'notice'));
  return { title: '不予受理通知书', addressee: data.applicantName, blocks };
}
