/** Template of 补正告知书 (`correction-notice`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, partyWithCode } from './common.js';

/** The text of a correction notice: every material to supplement or correct, told once, and what to do next. */
export function correctionNoticeTemplate(data: DocumentData<'correction-notice'>): DocumentContent {
  const blocks = [
    paragraph(
      `${partyWithCode(data.applicantName, data.creditCode)}于${bodyDate(data.receivedDate)}提交的${data.matter}材料` +
        `（申请编号：${data.applicationNumber}）不齐全或者不符合法定形式。根据${data.legalBasis}的规定，` +
        '现一次性告知需要补正的全部内容如下：',
    ),
    list(data.items.map((item) => `${item.material}：${item.problem}`)),
    paragraph(
      (data.correctionDueDate === undefined
        ? '请按上述要求补正全部材料后重新提交。'
        : `请于${bodyDate(data.correctionDueDate)}前按上述要求补正全部材料。`) +
        '补正的材料齐全、符合法定形式的，本机关将依法办理。',
    ),
  ];
  if (data.contactPhone !== undefined) blocks.push(paragraph(`联系电话：${data.contactPhone}`));
  return { title: '补正告知书', addressee: data.applicantName, blocks };
}
