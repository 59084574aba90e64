/**
 * The text of a document, independent of the output format: templates produce it, the HTML layout and the PDF
 * renderer lay it out. Keeping the text here as plain strings is what makes the HTML and the PDF of one document
 * say the same thing, and leaves escaping to the one place that writes markup.
 */

/** Metadata of one issued document, assigned when it is issued rather than taken from the case. */
export interface DocumentMeta {
  /** Document number (文号), e.g. `粤公保许字〔2026〕12号`; printed at the top right and in the footer. */
  number: string;
  /** Verification code printed in the footer (see `newVerificationCode`). */
  verificationCode: string;
  /** When the document was issued; its date in UTC+08:00 is printed under the signature. */
  issuedAt: Date;
  /** The issuing authority (发文机关), e.g. `广东省公安厅`; printed above the title and in the signature block. */
  issuer: string;
  /** Address of the page where the document can be verified, `http:` or `https:`; printed in the footer. */
  verifyUrl: string;
}

/** One line of a table of particulars, e.g. `姓名` / `张三` on a certificate. */
export interface FieldRow {
  label: string;
  value: string;
}

/** A unit of body text: a paragraph, a numbered list (reasons, materials to supplement), or a table of particulars. */
export type ContentBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'fields'; rows: FieldRow[] };

/** What a template produces from a document's data: its title, addressee and body, as plain text. */
export interface DocumentContent {
  /** The title, e.g. `不予行政许可决定书`. */
  title: string;
  /** Who the document is addressed to (printed as `<addressee>：` before the body); certificates have none. */
  addressee?: string;
  /** The body, in reading order. */
  blocks: ContentBlock[];
}

/** A document ready to be laid out: its content plus everything the metadata puts on the page, as text. */
export interface ComposedDocument extends DocumentContent {
  /** The issuing authority, printed above the title and in the signature block. */
  authority: string;
  /** Document number (文号). */
  number: string;
  /** The issue date in Chinese numerals, e.g. `二〇二六年十一月二十二日`. */
  date: string;
  /** The footer line: `文书编号 … 校验码 … 可在 … 核验`. */
  footer: string;
  /** The metadata the document was composed with (validated). */
  meta: DocumentMeta;
}
