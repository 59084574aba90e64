/** Template of 撤销案件决定书 (`withdrawal-decision`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph } from './common.js';

/** How each ground of withdrawal is stated (刑事诉讼法 Art 16). */
const GROUNDS: Readonly<Record<DocumentData<'withdrawal-decision'>['ground'], string>> = {
  'no-crime': '没有犯罪事实',
  trivial: '情节显著轻微、危害不大，不认为是犯罪',
  limitation: '犯罪已过追诉时效期限',
  amnesty: '经特赦令免除刑罚',
  deceased: '犯罪嫌疑人死亡',
  other: '其他依法不追究刑事责任的情形',
};

/** The text of a decision to withdraw a criminal case: the ground, the reasons, the legal basis and the measures lifted. */
export function withdrawalDecisionTemplate(data: DocumentData<'withdrawal-decision'>): DocumentContent {
  const blocks = [
    paragraph(`${data.suspectName}涉嫌犯罪一案（案件编号：${data.caseNumber}），经侦查，本机关认为${GROUNDS[data.ground]}：`),
    list(data.reasons),
    paragraph('根据《中华人民共和国刑事诉讼法》第十六条、第一百六十三条之规定，决定撤销此案。'),
  ];
  if (data.releaseStatement !== undefined) blocks.push(paragraph(data.releaseStatement));
  return { title: '撤销案件决定书', blocks };
}
