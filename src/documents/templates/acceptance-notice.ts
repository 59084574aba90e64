/** Template of 受理通知书 (`acceptance-notice`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, partyWithCode } from './common.js';

/** The text of an acceptance notice: what was applied for, that it is accepted, and what happens next. */
export function acceptanceNoticeTemplate(data: DocumentData<'acceptance-notice'>): DocumentContent {
  const blocks = [
    paragraph(
      `${partyWithCode(data.applicantName, data.creditCode)}于${bodyDate(data.receivedDate)}提出的${data.matter}申请` +
        `（申请编号：${data.applicationNumber}），经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。` +
        '根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。',
    ),
  ];
  if (data.materials !== undefined && data.materials.length > 0) {
    blocks.push(paragraph('本机关已收到下列申请材料：'), list(data.materials));
  }
  if (data.decisionDueDate !== undefined) {
    blocks.push(
      paragraph(
        `本机关将于${bodyDate(data.decisionDueDate)}前作出决定；依法需要听证、检验、检测、鉴定或者专家评审的，` +
          '所需时间不计算在内，本机关将另行书面告知。',
      ),
    );
  }
  if (data.contactPhone !== undefined) blocks.push(paragraph(`联系电话：${data.contactPhone}`));
  return { title: '受理通知书', addressee: data.applicantName, blocks };
}
