/** Template of 行政处罚决定书 (`penalty-decision`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph, rightsNotice, yuan } from './common.js';

/** The text of a penalty decision: the facts and evidence, the legal basis, the penalty, how to pay, and the rights. */
export function penaltyDecisionTemplate(data: DocumentData<'penalty-decision'>): DocumentContent {
  const party = data.partyIdentifier ? `${data.partyName}（${data.partyIdentifier}）` : data.partyName;
  const blocks = [paragraph(`被处罚人：${party}。案件编号：${data.caseNumber}。`), paragraph('现查明：'), list(data.facts)];
  if (data.evidence !== undefined && data.evidence.length > 0) blocks.push(paragraph('以上事实有下列证据证实：'), list(data.evidence));
  if (data.hearingStatement !== undefined) blocks.push(paragraph(data.hearingStatement));
  if (data.mitigationStatement !== undefined) blocks.push(paragraph(data.mitigationStatement));
  blocks.push(paragraph(`根据${data.legalBasis}的规定，决定给予${data.penalty}。`));
  if (data.fineAmountYuan !== undefined) {
    blocks.push(
      paragraph(
        `罚款${yuan(data.fineAmountYuan)}，应当自收到本决定书之日起${data.paymentDays}日内缴纳至指定银行；逾期不缴纳的，每日按罚款数额的百分之三加处罚款，` +
          '加处罚款的数额不超过罚款本数（《中华人民共和国行政处罚法》第七十二条）。',
      ),
    );
  }
  blocks.push(rightsNotice(data, 'decision'));
  return { title: '行政处罚决定书', addressee: data.partyName, blocks };
}
