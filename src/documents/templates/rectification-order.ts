/** Template of 责令整改通知书 (`rectification-order`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, partyWithCode } from './common.js';

/** The text of a rectification order: what the inspection found, the rule broken, and the date by which to put it right. */
export function rectificationOrderTemplate(data: DocumentData<'rectification-order'>): DocumentContent {
  const blocks = [
    paragraph(
      `本机关于${bodyDate(data.inspectedDate)}对${partyWithCode(data.unitName, data.creditCode)}进行监督检查` +
        `（检查编号：${data.inspectionNumber}），发现存在下列问题：`,
    ),
    list(data.findings),
    paragraph(
      `根据${data.legalBasis}的规定，责令你单位于${bodyDate(data.rectificationDueDate)}前改正上述问题，` +
        '并将整改情况书面报告本机关。本机关将在期限届满后进行复查；逾期不改正的，依法予以处理。',
    ),
  ];
  if (data.contactPhone !== undefined) blocks.push(paragraph(`联系电话：${data.contactPhone}`));
  return { title: '责令整改通知书', addressee: data.unitName, blocks };
}
