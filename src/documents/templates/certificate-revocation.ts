/** Template of 吊销保安员证决定书 (`certificate-revocation`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, list, paragraph, rightsNotice } from './common.js';

/** The text of a revocation decision: the holder, the facts, the decision, its consequences and the rights. */
export function certificateRevocationTemplate(data: DocumentData<'certificate-revocation'>): DocumentContent {
  const holder =
    `被处理人：${data.holderName}，公民身份号码：${data.idNumber}，保安员证编号：${data.certificateNumber}` +
    (data.employerName === undefined ? '。' : `，工作单位：${data.employerName}。`);
  const blocks = [paragraph(holder)];
  if (data.caseNumber !== undefined) blocks.push(paragraph(`案件编号：${data.caseNumber}。`));
  blocks.push(paragraph('经查明：'), list(data.facts));
  if (data.hearingStatement !== undefined) blocks.push(paragraph(data.hearingStatement));
  blocks.push(
    paragraph(`根据${data.legalBasis}的规定，本机关决定吊销${data.holderName}的保安员证（证件编号：${data.certificateNumber}）。`),
  );
  if (data.surrenderDueDate !== undefined) {
    blocks.push(paragraph(`请于${bodyDate(data.surrenderDueDate)}前将保安员证缴回本机关。`));
  }
  blocks.push(
    paragraph(
      '根据《保安服务管理条例》第十七条的规定，被吊销保安员证未满3年的，或者曾两次被吊销保安员证的，不得担任保安员。',
    ),
    rightsNotice(data, 'decision'),
  );
  return { title: '吊销保安员证决定书', blocks };
}
