/** Template of 起诉意见书 (`prosecution-recommendation`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { list, paragraph } from './common.js';

/** The text of a recommendation to prosecute: the suspect and the measure in force, the facts, the evidence and the charge. */
export function prosecutionRecommendationTemplate(data: DocumentData<'prosecution-recommendation'>): DocumentContent {
  const suspect = data.suspectResidentId ? `${data.suspectName}（公民身份号码：${data.suspectResidentId}）` : data.suspectName;
  const blocks = [paragraph(`犯罪嫌疑人${suspect}${data.measure === undefined ? '' : `，${data.measure}`}。`)];
  blocks.push(paragraph(`犯罪嫌疑人${data.suspectName}涉嫌${data.charge}一案，由本机关立案侦查（案件编号：${data.caseNumber}）。现已侦查终结。`));
  blocks.push(paragraph('经依法侦查查明：'), list(data.facts));
  if (data.evidence !== undefined && data.evidence.length > 0) blocks.push(paragraph('认定上述事实的证据如下：'), list(data.evidence));
  blocks.push(
    paragraph(
      `综上所述，犯罪嫌疑人${data.suspectName}的行为涉嫌${data.charge}。依照《中华人民共和国刑事诉讼法》第一百六十二条之规定，现将此案移送审查起诉。`,
    ),
  );
  return { title: '起诉意见书', addressee: data.procuratorate, blocks };
}
