/** Template of 行政处罚告知书 (`penalty-prior-notice`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph } from './common.js';

/** The text of a prior notice of a proposed penalty: facts, legal basis, proposed penalty, and the rights to state, defend and request a hearing. */
export function penaltyPriorNoticeTemplate(data: DocumentData<'penalty-prior-notice'>): DocumentContent {
  const party = data.partyIdentifier ? `${data.partyName}（${data.partyIdentifier}）` : data.partyName;
  const blocks = [
    paragraph(`${party}：本机关在办理的案件（案件编号：${data.caseNumber}）中查明：`),
    list(data.facts),
    paragraph(`根据${data.legalBasis}的规定，本机关拟对你（单位）作出如下行政处罚：${data.proposedPenalty}。`),
    paragraph(
      `根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，` +
        `可以在收到本告知书之日起${data.statementDays}日内向本机关提出；本机关不因陈述、申辩而给予更重的处罚。`,
    ),
  ];
  if (data.hearingRight) {
    blocks.push(paragraph(`根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证，应当在收到本告知书之日起${data.statementDays}日内提出。`));
  }
  return { title: '行政处罚告知书', addressee: data.partyName, blocks };
}
