/** Phrases shared by several document templates. */
import { formatNumericChineseDate } from '../chinese-date.js';
import type { ContentBlock } from '../document-content.js';

/** A date in body text, e.g. `2026年11月2日`. */
export function bodyDate(date: string): string {
  return formatNumericChineseDate(date);
}

/** A company or unit with its credit code when known: `某某公司（统一社会信用代码：…）`. */
export function partyWithCode(name: string, creditCode: string | undefined): string {
  return creditCode === undefined ? name : `${name}（统一社会信用代码：${creditCode}）`;
}

/** An amount of money in yuan as written in documents: `人民币100万元`, `人民币1234567元`. */
export function yuan(amount: number): string {
  return amount % 10_000 === 0 ? `人民币${amount / 10_000}万元` : `人民币${amount}元`;
}

/** Service items joined as in a list of Chinese terms: `门卫、巡逻、守护`. */
export function enumeration(items: readonly string[]): string {
  return items.join('、');
}

/**
 * The notice of the rights to administrative reconsideration within 60 days (行政复议法 Art 20) and to sue within
 * 6 months (行政诉讼法 Art 46), as required for refusals by 行政许可法 Art 38 and for penalty decisions by 行政处罚法 Art 59.
 * `kind` says whether the document is a decision (决定书) or a notice (通知书).
 */
export function rightsNotice(
  data: { reconsiderationAuthority: string; court?: string | undefined },
  kind: 'decision' | 'notice',
): ContentBlock {
  const [act, paper] = kind === 'decision' ? ['本决定', '本决定书'] : ['本通知', '本通知书'];
  const court = data.court ?? '人民法院';
  return paragraph(
    `如不服${act}，可以自收到${paper}之日起六十日内向${data.reconsiderationAuthority}申请行政复议，` +
      `或者自收到${paper}之日起六个月内依法向${court}提起行政诉讼` +
      '（《中华人民共和国行政复议法》第二十条、《中华人民共和国行政诉讼法》第四十六条）。',
  );
}

/** A paragraph block. */
export function paragraph(text: string): ContentBlock {
  return { kind: 'paragraph', text };
}

/** A numbered list block. */
export function list(items: readonly string[]): ContentBlock {
  return { kind: 'list', items: [...items] };
}
