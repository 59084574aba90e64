/** Template of 受案回执 (`case-acceptance-receipt`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, paragraph } from './common.js';

/** The text of a receipt that a matter was accepted as a case: what, when, under which number, and what happens next. */
export function caseAcceptanceReceiptTemplate(data: DocumentData<'case-acceptance-receipt'>): DocumentContent {
  const reported = data.reporterName === undefined ? '' : '你（单位）报称的';
  const source = data.source === undefined ? '' : `（来源：${data.source}）`;
  const next =
    data.caseKind === 'criminal'
      ? '本机关将依法进行立案审查，并依法作出是否立案的决定（《公安机关办理刑事案件程序规定》第一百七十四条、第一百七十五条）。'
      : '本机关将依法进行调查处理（《公安机关办理行政案件程序规定》第六十一条）。';
  const blocks = [
    paragraph(`${reported}${data.matter}一案${source}，本机关已于${bodyDate(data.acceptedDate)}受案，案件编号为${data.caseNumber}。`),
    paragraph(next),
  ];
  if (data.reporterName !== undefined) blocks.push(paragraph('你（单位）可凭本回执向本机关查询案件办理情况。'));
  return { title: '受案回执', ...(data.reporterName === undefined ? {} : { addressee: data.reporterName }), blocks };
}
