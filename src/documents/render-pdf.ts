/**
 * Official documents as PDF, with the same text as the HTML rendering laid out simply on A4. Needs a TrueType or
 * OpenType font with Chinese glyphs (a `.ttf`, `.otf` or `.ttc` file); no font is bundled or downloaded.
 */
import { readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { OperationalError } from '../errors.js';
import { composeDocument } from './compose-document.js';
import type { ComposedDocument, ContentBlock, DocumentMeta } from './document-content.js';
import type { DocumentInput, DocumentType } from './document-types.js';
import { itemNumber } from './templates/layout.js';

/** Options of {@link renderPdf}. */
export interface RenderPdfOptions {
  /**
   * PostScript name of the face to use from a font collection (`.ttc`), e.g. `NotoSerifCJKsc-Regular`; by
   * default the collection's first face. Ignored for single fonts.
   */
  fontName?: string;
  /**
   * What to do when the font lacks glyphs for some characters of the document: `reject` (the default) throws
   * `DOCUMENT_FONT_UNAVAILABLE`; `allow` renders anyway, the missing characters printing as blanks or boxes
   * (only for previews and layout tests, never for documents handed out).
   */
  missingGlyphs?: 'reject' | 'allow';
}

/**
 * Whether `fontPath` names a readable font file that {@link renderPdf} can try: an existing regular file whose
 * first bytes are those of a TrueType, OpenType or TrueType-collection font. Whether it covers Chinese is only
 * known when rendering.
 */
export function pdfFontAvailable(fontPath: string | undefined): boolean {
  if (fontPath === undefined || fontPath.trim() === '') return false;
  try {
    if (!statSync(fontPath).isFile()) return false;
    const signature = readPrefix(fontPath, 4);
    return FONT_SIGNATURES.some((known) => known.equals(signature));
  } catch {
    return false;
  }
}

/**
 * The PDF (A4) of a document of kind `type`, with the same text as `renderDocument`'s HTML: number, issuing
 * authority, title, addressee, body, signature block with the date in Chinese numerals, and the verification
 * footer, all in the font at `fontPath`. Validates like `renderDocument` (`DOCUMENT_DATA_INVALID`,
 * `DOCUMENT_TYPE_UNKNOWN`); throws `OperationalError` (`DOCUMENT_FONT_UNAVAILABLE`) when no usable font file is
 * configured or the font lacks glyphs the document needs.
 */
export async function renderPdf<T extends DocumentType>(
  type: T,
  data: DocumentInput<T>,
  meta: DocumentMeta,
  fontPath: string | undefined,
  options: RenderPdfOptions = {},
): Promise<Buffer> {
  const doc = composeDocument(type, data, meta);
  if (fontPath === undefined || !pdfFontAvailable(fontPath)) {
    throw fontUnavailable(`No usable font file is configured for PDF documents (${fontPath ?? 'none given'})`);
  }
  const fontBytes = readFileSync(fontPath);
  const face = isCollection(fontBytes) ? (options.fontName ?? firstFaceName(fontBytes)) : undefined;
  if (isCollection(fontBytes) && face === undefined) {
    throw fontUnavailable(`Cannot find a face in the font collection ${fontPath}; set the face name`);
  }

  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
    info: {
      Title: `${doc.authority}${doc.title}`,
      Author: doc.authority,
      Subject: doc.number,
      CreationDate: doc.meta.issuedAt,
    },
  });
  try {
    pdf.registerFont(FONT_ALIAS, fontBytes, face);
    pdf.font(FONT_ALIAS);
  } catch (error) {
    throw fontUnavailable(`Cannot use the font ${fontPath}${face === undefined ? '' : ` (${face})`}`, error);
  }
  if (options.missingGlyphs !== 'allow') {
    const missing = missingCharacters(pdf, doc);
    if (missing.length > 0) {
      throw fontUnavailable(`The font ${fontPath} has no glyphs for ${missing.slice(0, 10).join('')}`);
    }
  }

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  layOut(pdf, doc);
  pdf.end();
  return finished;
}

// helpers ////////////////////

const FONT_ALIAS = 'document';

/** First four bytes of TrueType (`00 01 00 00`, `true`), OpenType CFF (`OTTO`) and collection (`ttcf`) files. */
const FONT_SIGNATURES = [
  Buffer.from([0x00, 0x01, 0x00, 0x00]),
  Buffer.from('true', 'latin1'),
  Buffer.from('OTTO', 'latin1'),
  Buffer.from('ttcf', 'latin1'),
];

const BODY_SIZE = 16;
const TITLE_SIZE = 22;
const NUMBER_SIZE = 14;
const FOOTER_SIZE = 10.5;
const LINE_GAP = 6;

/** The page's layout: the same order and text as the HTML layout, in one font. */
function layOut(pdf: PDFKit.PDFDocument, doc: ComposedDocument): void {
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const indent = 2 * BODY_SIZE;

  pdf.fontSize(NUMBER_SIZE).text(doc.number, { align: 'right' });
  pdf.moveDown(0.5);
  pdf.fontSize(TITLE_SIZE).text(doc.authority, { align: 'center' });
  pdf.text(doc.title, { align: 'center', characterSpacing: 2 });
  pdf.moveDown(1);

  pdf.fontSize(BODY_SIZE);
  if (doc.addressee !== undefined) pdf.text(`${doc.addressee}：`, { lineGap: LINE_GAP });
  for (const block of doc.blocks) layOutBlock(pdf, block, { left, width, indent });

  pdf.moveDown(2);
  pdf.text(doc.authority, { align: 'right', lineGap: LINE_GAP });
  pdf.text(doc.date, { align: 'right', lineGap: LINE_GAP });

  pdf.moveDown(2);
  pdf.fontSize(FOOTER_SIZE).text(doc.footer, left, pdf.y, { width });
}

function layOutBlock(
  pdf: PDFKit.PDFDocument,
  block: ContentBlock,
  box: { left: number; width: number; indent: number },
): void {
  switch (block.kind) {
    case 'paragraph':
      pdf.text(block.text, box.left, pdf.y, {
        width: box.width,
        indent: box.indent,
        align: 'justify',
        lineGap: LINE_GAP,
      });
      return;
    case 'list':
      block.items.forEach((item, i) => {
        pdf.text(`${itemNumber(i)}${item}`, box.left + box.indent, pdf.y, {
          width: box.width - box.indent,
          align: 'justify',
          lineGap: LINE_GAP,
        });
      });
      pdf.x = box.left;
      return;
    case 'fields':
      pdf.moveDown(0.5);
      for (const row of block.rows) {
        pdf.text(`${row.label}：${row.value}`, box.left, pdf.y, { width: box.width, lineGap: LINE_GAP });
      }
      pdf.moveDown(0.5);
      return;
  }
}

/** The distinct characters of the document's text the current font has no glyph for, if the font can tell. */
function missingCharacters(pdf: PDFKit.PDFDocument, doc: ComposedDocument): string[] {
  // pdfkit keeps the fontkit font of the current font at `_font.font`; not part of its typed API.
  const font = (pdf as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (codePoint: number) => boolean } } })
    ._font?.font;
  if (typeof font?.hasGlyphForCodePoint !== 'function') return [];
  const missing: string[] = [];
  for (const char of new Set(documentText(doc))) {
    const codePoint = char.codePointAt(0);
    if (codePoint === undefined || /\s/.test(char)) continue;
    if (!font.hasGlyphForCodePoint(codePoint)) missing.push(char);
  }
  return missing;
}

function documentText(doc: ComposedDocument): string {
  const blocks = doc.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item, i) => itemNumber(i) + item).join('');
      case 'fields':
        return block.rows.map((row) => `${row.label}：${row.value}`).join('');
    }
  });
  return [doc.number, doc.authority, doc.title, `${doc.addressee ?? ''}：`, ...blocks, doc.date, doc.footer].join('');
}

function mm(millimetres: number): number {
  return (millimetres * 72) / 25.4;
}

function readPrefix(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function isCollection(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).toString('latin1') === 'ttcf';
}

/** The PostScript name (name id 6) of the first face of a TrueType collection, if it can be read. */
function firstFaceName(bytes: Buffer): string | undefined {
  try {
    if (bytes.readUInt32BE(8) < 1) return undefined;
    const face = bytes.readUInt32BE(12);
    const tableCount = bytes.readUInt16BE(face + 4);
    for (let t = 0; t < tableCount; t++) {
      const record = face + 12 + t * 16;
      if (bytes.toString('latin1', record, record + 4) !== 'name') continue;
      const table = bytes.readUInt32BE(record + 8);
      const nameCount = bytes.readUInt16BE(table + 2);
      const strings = table + bytes.readUInt16BE(table + 4);
      for (let n = 0; n < nameCount; n++) {
        const entry = table + 6 + n * 12;
        if (bytes.readUInt16BE(entry + 6) !== 6) continue;
        const platform = bytes.readUInt16BE(entry);
        const start = strings + bytes.readUInt16BE(entry + 10);
        const raw = Buffer.from(bytes.subarray(start, start + bytes.readUInt16BE(entry + 8)));
        const name = platform === 1 ? raw.toString('latin1') : raw.swap16().toString('utf16le');
        if (name !== '') return name;
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function fontUnavailable(message: string, cause?: unknown): OperationalError {
  return new OperationalError('DOCUMENT_FONT_UNAVAILABLE', message, undefined, { cause });
}
