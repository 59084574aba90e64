/**
 * The page every document is printed on: a standalone HTML5 document for A4 paper with the document number at the
 * top right, the issuing authority and title, the body, the signature block and the verification footer.
 */
import type { ContentBlock, ComposedDocument } from '../document-content.js';
import type { DocumentType } from '../document-types.js';
import { html, type SafeHtml } from '../html.js';

/** The complete HTML document (`<!doctype html>` … `</html>`) for a composed document of kind `type`. */
export function renderLayout(doc: ComposedDocument, type: DocumentType): string {
  const page = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="document-type" content="${type}">
<meta name="document-number" content="${doc.number}">
<title>${doc.authority}${doc.title}（${doc.number}）</title>
<style>${STYLE}</style>
</head>
<body>
<main class="document document--${type}">
<header class="document-header">
<p class="document-number">${doc.number}</p>
<p class="document-authority">${doc.authority}</p>
<h1 class="document-title">${doc.title}</h1>
</header>
<section class="document-body">
${doc.addressee === undefined ? null : html`<p class="addressee">${doc.addressee}：</p>`}
${doc.blocks.map(renderBlock)}
</section>
<section class="document-signature">
<p class="signature-authority">${doc.authority}</p>
<p class="signature-date"><time datetime="${doc.meta.issuedAt.toISOString()}">${doc.date}</time></p>
</section>
<footer class="document-footer">
<p>文书编号 <span class="footer-number">${doc.meta.number}</span>
校验码 <span class="footer-code">${doc.meta.verificationCode}</span>
可在 <a href="${doc.meta.verifyUrl}">${doc.meta.verifyUrl}</a> 核验</p>
</footer>
</main>
</body>
</html>
`;
  return page.toString();
}

/** How list items are numbered in every output format: `1．`, `2．`, … */
export function itemNumber(index: number): string {
  return `${index + 1}．`;
}

// helpers ////////////////////

function renderBlock(block: ContentBlock): SafeHtml {
  switch (block.kind) {
    case 'paragraph':
      return html`<p>${block.text}</p>\n`;
    case 'list':
      return html`<ol class="items">
${block.items.map((item, i) => html`<li><span class="item-number">${itemNumber(i)}</span>${item}</li>\n`)}</ol>
`;
    case 'fields':
      return html`<table class="particulars">
<tbody>
${block.rows.map((row) => html`<tr><th scope="row">${row.label}</th><td>${row.value}</td></tr>\n`)}</tbody>
</table>
`;
  }
}

/**
 * The style sheet: body text in a Chinese serif (仿宋, then 宋体 and common CJK serif fonts), titles in 小标宋 or
 * 宋体 bold. It must stay free of interpolations: values would be HTML-escaped, which is wrong inside `<style>`.
 */
const STYLE = html`
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html {
  font-family: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "Songti SC", "SimSun", "宋体",
    "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
  font-size: 16pt; line-height: 1.8; color: #000; background: #fff;
}
body { margin: 0; }
.document { box-sizing: border-box; max-width: 210mm; margin: 0 auto; }
@media screen {
  body { background: #e5e5e5; }
  .document {
    background: #fff; min-height: 297mm; margin: 8mm auto; padding: 37mm 26mm 35mm 28mm;
    box-shadow: 0 0 4mm rgba(0, 0, 0, 0.2);
  }
}
@media print {
  .document { max-width: none; }
  a { color: inherit; text-decoration: none; }
}
.document-number { margin: 0 0 4mm; text-align: right; font-size: 14pt; }
.document-authority, .document-title {
  margin: 0; text-align: center; font-weight: bold; font-size: 22pt; line-height: 1.5;
  font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Songti SC",
    "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
}
.document-title { margin-bottom: 8mm; letter-spacing: 0.1em; }
.document-body p { margin: 0; text-indent: 2em; text-align: justify; }
.document-body p.addressee { text-indent: 0; }
.items { margin: 0; padding: 0 0 0 2em; list-style: none; }
.items li { text-align: justify; }
.particulars { width: 100%; margin: 4mm 0; border-collapse: collapse; }
.particulars th, .particulars td { padding: 2mm 3mm; border: 1px solid #000; text-align: left; vertical-align: top; }
.particulars th { width: 32%; font-weight: normal; white-space: nowrap; }
.document-signature { margin-top: 12mm; text-align: right; break-inside: avoid; }
.document-signature p { margin: 0; }
.document-footer {
  margin-top: 16mm; padding-top: 2mm; border-top: 1px solid #000;
  font-size: 10.5pt; line-height: 1.5; word-break: break-all;
}
.document-footer p { margin: 0; }
p, li, tr { break-inside: avoid; }
`;
